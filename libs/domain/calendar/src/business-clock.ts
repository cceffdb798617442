import type { BusinessCalendar } from './business-calendar';
import { MINUTE_MS } from './business-calendar.compile';
import { businessSpansFrom, consumeSpans, measureSpans, type Span } from './business-spans';
import { instantMs, minutesToMs } from './business-time';

/**
 * An SLA clock counts business minutes from its start, except while paused (ticket pending or on-hold).
 * A pause without `to` is still going on.
 */
export interface ClockPause {
  readonly from: Date;
  readonly to?: Date;
}

/** Sorted, merged, clipped to start no earlier than `fromMs`; an open pause ends at Infinity. */
function normalizePauses(pauses: readonly ClockPause[], fromMs: number): Span[] {
  const spans = pauses
    .map((pause, i): Span => {
      const start = instantMs(pause.from, `pauses[${i}].from`);
      const end = pause.to === undefined ? Infinity : instantMs(pause.to, `pauses[${i}].to`);
      if (end < start) throw new RangeError(`pauses[${i}] ends before it starts`);
      return { start: Math.max(start, fromMs), end };
    })
    .filter((span) => span.end > span.start)
    .sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, span.end) };
    else merged.push(span);
  }
  return merged;
}

/** Business time not covered by a pause; ends for good at an open pause. Restarts after each pause. */
function* runningSpans(calendar: BusinessCalendar, fromMs: number, pauses: readonly Span[]): Generator<Span, void> {
  let cursor = fromMs;
  for (const pause of [...pauses, { start: Infinity, end: Infinity }]) {
    if (pause.end <= cursor) continue;
    if (pause.start > cursor) {
      for (const span of businessSpansFrom(calendar, cursor)) {
        if (span.start >= pause.start) break;
        yield { start: span.start, end: Math.min(span.end, pause.start) };
      }
    }
    cursor = pause.end;
    if (cursor === Infinity) return;
  }
}

/** Business minutes the clock has run in `[from, to)`, pauses excluded; 0 when `to` is not after `from`. */
export function elapsedBusinessMinutes(calendar: BusinessCalendar, from: Date, to: Date, pauses: readonly ClockPause[] = []): number {
  const [fromMs, toMs] = [instantMs(from, 'from'), instantMs(to, 'to')];
  if (toMs <= fromMs) return 0;
  return measureSpans(runningSpans(calendar, fromMs, normalizePauses(pauses, fromMs)), toMs) / MINUTE_MS;
}

/**
 * When a clock started at `start` reaches `targetMinutes`, given its pauses so far: the earliest instant
 * at which elapsedBusinessMinutes(start, t, pauses) = target. Each pause moves the due time by the
 * business time it covered; a target reached before a pause stays due then. Undefined while an open pause
 * stops the clock short of its target (nothing is due until it resumes). A warning `lead` minutes ahead is
 * businessDueTime(calendar, start, target - lead, pauses).
 */
export function businessDueTime(calendar: BusinessCalendar, start: Date, targetMinutes: number, pauses: readonly ClockPause[] = []): Date | undefined {
  const startMs = instantMs(start, 'start');
  const due = consumeSpans(runningSpans(calendar, startMs, normalizePauses(pauses, startMs)), minutesToMs(targetMinutes));
  return due === undefined ? undefined : new Date(due);
}
