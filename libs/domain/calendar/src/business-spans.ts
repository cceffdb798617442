import type { BusinessCalendar } from './business-calendar';
import { compileCalendar, DAY_MS } from './business-calendar.compile';
import { NoBusinessTime } from './business-calendar.errors';
import { offsetSegmentAt } from './time-zone-offsets';

/** A stretch of time as UTC epoch ms, half-open `[start, end)`. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * The business time from `fromMs` on, in order (the first span is clipped to start no earlier than
 * `fromMs`; adjacent spans are not merged). Endless for a valid calendar, so callers stop pulling.
 *
 * An instant is business time when the calendar's wall clock shows a time inside an open interval of that
 * local day. The walk goes by chunks in which the local day and the UTC offset are both constant, and maps
 * each open interval of the chunk's day back to UTC with the chunk's offset. So wall times skipped by a DST
 * gap are never open, and wall times repeated in an overlap are open on both passes.
 */
export function* businessSpansFrom(calendar: BusinessCalendar, fromMs: number): Generator<Span, never> {
  const compiled = compileCalendar(calendar);
  const maxClosedMs = compiled.maxClosedDays * DAY_MS;
  let cursor = fromMs;
  let lastOpen = fromMs;
  for (;;) {
    const { offsetMs, untilMs } = offsetSegmentAt(compiled.timezone, cursor);
    const day = Math.floor((cursor + offsetMs) / DAY_MS);
    const dayStart = day * DAY_MS - offsetMs; // UTC instant of local midnight, were the offset to hold
    const chunkEnd = Math.min(untilMs, dayStart + DAY_MS);
    for (const interval of compiled.intervalsOn(day)) {
      const start = Math.max(cursor, dayStart + interval.start);
      const end = Math.min(chunkEnd, dayStart + interval.end);
      if (start < end) {
        lastOpen = end;
        yield { start, end };
      }
    }
    cursor = chunkEnd;
    if (cursor - lastOpen > maxClosedMs) throw new NoBusinessTime(compiled.id, new Date(lastOpen));
  }
}

/**
 * The instant at which `amountMs` of the spans have passed; for 0 the start of the first span (a clock
 * that has not consumed anything yet starts when it first runs). Undefined when the spans run out first.
 */
export function consumeSpans(spans: Iterable<Span>, amountMs: number): number | undefined {
  let left = amountMs;
  for (const { start, end } of spans) {
    if (left === 0) return start;
    if (end - start >= left) return start + left;
    left -= end - start;
  }
  return undefined;
}

/** Total length of the spans before `untilMs`. */
export function measureSpans(spans: Iterable<Span>, untilMs: number): number {
  let total = 0;
  for (const { start, end } of spans) {
    if (start >= untilMs) break;
    total += Math.min(end, untilMs) - start;
  }
  return total;
}
