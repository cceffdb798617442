import { fieldValue } from './segment-fields';
import type { Scalar, Segment, SegmentCondition } from './segments.document';
import type { SegmentView } from './segment-view';

const DAY_MS = 86_400_000;

/**
 * Whether the customer is in the segment at `now` (a validated segment). A missing value matches only
 * `neq` and `exists: false`: a customer without a tier is not "tier eq gold", and is "tier neq gold".
 * Time conditions (`withinDays`) depend on `now`, so membership can change with nothing happening:
 * evaluate again periodically as well as on events.
 */
export function matches(segment: Pick<Segment, 'conditions'>, view: SegmentView, now: Date | number): boolean {
  return holds(segment.conditions, view, Number(now));
}

/** Ids of the segments the customer is in, in document order. */
export function segmentsOf(segments: readonly Segment[], view: SegmentView, now: Date | number): string[] {
  return segments.filter((s) => matches(s, view, now)).map((s) => s.id);
}

function holds(c: SegmentCondition, view: SegmentView, now: number): boolean {
  if (c.all) return c.all.every((child) => holds(child, view, now));
  if (c.any) return c.any.some((child) => holds(child, view, now));
  if (c.not) return !holds(c.not, view, now);
  return test(fieldValue(view, c.field ?? ''), c.op ?? 'exists', c.value, now);
}

function test(actual: unknown, op: string, expected: Scalar | Scalar[] | undefined, now: number): boolean {
  const missing = actual === undefined || actual === null;
  if (op === 'exists') return missing !== expected;
  if (op === 'neq') return missing || !Array.isArray(actual) ? actual !== expected : !actual.includes(expected);
  if (missing) return false;
  const list = Array.isArray(expected) ? expected : [expected];
  switch (op) {
    case 'eq':
      return actual === expected;
    case 'in':
      return Array.isArray(actual) ? actual.some((a) => list.includes(a)) : list.includes(actual as Scalar);
    case 'contains':
      if (Array.isArray(actual)) return actual.includes(expected);
      return typeof actual === 'string' && actual.toLowerCase().includes(String(expected).toLowerCase());
    case 'withinDays': {
      const t = typeof actual === 'string' ? Date.parse(actual) : NaN;
      return t >= now - Number(expected) * DAY_MS;
    }
    default:
      return compare(actual, op, expected);
  }
}

/** Numbers compare as numbers, dates (ISO text) as instants; anything else never matches. */
function compare(actual: unknown, op: string, expected: unknown): boolean {
  const [a, b] = typeof actual === 'number' && typeof expected === 'number' ? [actual, expected] : [toTime(actual), toTime(expected)];
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  return op === 'gt' ? a > b : op === 'gte' ? a >= b : op === 'lt' ? a < b : a <= b;
}

const toTime = (v: unknown) => (typeof v === 'string' ? Date.parse(v) : NaN);
