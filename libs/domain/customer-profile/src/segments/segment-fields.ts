import { CHURN_RISKS, CUSTOMER_TIERS } from '@csp/contracts';
import type { SegmentOperator } from './segments.document';
import type { SegmentView } from './segment-view';

/** What kind of value a field holds decides which operators make sense on it. */
export type FieldKind = 'text' | 'number' | 'time' | 'list' | 'any';

interface FieldSpec {
  pattern: RegExp;
  kind: FieldKind;
  /** The only values eq / neq / in may name (a typo like "VIP" would otherwise silently never match). */
  values?: readonly string[];
}

/** Every field a condition may name; `traits.*` are the customer's free-form traits. */
export const SEGMENT_FIELDS: readonly FieldSpec[] = [
  { pattern: /^tier$/, kind: 'text', values: CUSTOMER_TIERS },
  { pattern: /^(churnRisk|health\.churnRisk)$/, kind: 'text', values: CHURN_RISKS },
  { pattern: /^health\.score$/, kind: 'number' },
  { pattern: /^traits\.[A-Za-z0-9_-]+$/, kind: 'any' },
  { pattern: /^tags$/, kind: 'list' },
  { pattern: /^orders\.count$/, kind: 'number' },
  { pattern: /^orders\.lifetimeValue\.[A-Z]{3}$/, kind: 'number' },
  { pattern: /^orders\.lastOrderAt$/, kind: 'time' },
  { pattern: /^tickets\.(open|total|complaints)$/, kind: 'number' },
  { pattern: /^tickets\.lastTicketAt$/, kind: 'time' },
  { pattern: /^satisfaction\.(lastCsat|lastNps|lastCes)$/, kind: 'number' },
  { pattern: /^satisfaction\.trend$/, kind: 'text' },
  { pattern: /^behaviour\.abandonedCarts$/, kind: 'number' },
  { pattern: /^behaviour\.lastVisitAt$/, kind: 'time' },
];

export const OPERATORS_OF: Record<FieldKind, readonly SegmentOperator[]> = {
  text: ['eq', 'neq', 'in', 'contains', 'exists'],
  number: ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'exists'],
  time: ['gt', 'gte', 'lt', 'lte', 'exists', 'withinDays'],
  list: ['contains', 'in', 'exists'],
  any: ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'contains', 'exists', 'withinDays'],
};

export function fieldSpec(field: string): FieldSpec | undefined {
  return SEGMENT_FIELDS.find((f) => f.pattern.test(field));
}

/** The value of a field in the view (undefined when the customer has none). */
export function fieldValue(view: SegmentView, field: string): unknown {
  if (field === 'churnRisk') return view.health.churnRisk;
  const [head, ...rest] = field.split('.');
  // Traits keep the rest of the path as one key; own properties only, so `traits.constructor` is no trait.
  const path = head === 'traits' ? [head, rest.join('.')] : [head, ...rest];
  let value: unknown = view;
  for (const part of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
