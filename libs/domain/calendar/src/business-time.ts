import type { BusinessCalendar } from './business-calendar';
import { MINUTE_MS } from './business-calendar.compile';
import { businessSpansFrom, consumeSpans, measureSpans } from './business-spans';

/**
 * Business-hours arithmetic on instants. Precision: exact to the millisecond, and minutes are just
 * 60_000 ms, so seconds count proportionally (30 s of business time = 0.5 minutes); round for display.
 * Wall-clock and DST rules: see business-spans.ts; a 24-hour day has 23 or 25 business hours on DST days.
 */

export function instantMs(date: Date, name = 'date'): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${name} is an invalid Date`);
  return ms;
}

export function minutesToMs(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be a finite number >= 0, got ${minutes}`);
  return Math.round(minutes * MINUTE_MS);
}

export function isBusinessTime(calendar: BusinessCalendar, at: Date): boolean {
  const ms = instantMs(at, 'at');
  return businessSpansFrom(calendar, ms).next().value.start === ms;
}

/** `at` itself when it is business time (the clock runs now), else the start of the next open interval. */
export function nextBusinessOpening(calendar: BusinessCalendar, at: Date): Date {
  return new Date(businessSpansFrom(calendar, instantMs(at, 'at')).next().value.start);
}

/**
 * Due time of a target of `minutes` business minutes whose clock starts at `start`; outside business hours
 * the clock starts at the next opening. The result is the instant the last minute is used up, so it can
 * be exactly a closing time (16:59 + 1 minute = 17:00); for 0 minutes it is the first business instant.
 */
export function addBusinessMinutes(calendar: BusinessCalendar, start: Date, minutes: number): Date {
  const due = consumeSpans(businessSpansFrom(calendar, instantMs(start, 'start')), minutesToMs(minutes));
  if (due === undefined) throw new Error('business spans ran out, which they never do'); // businessSpansFrom is endless
  return new Date(due);
}

/**
 * Business minutes in `[from, to)`, fractional when the instants are not on whole minutes. Signed:
 * `to` before `from` gives the negative, so between(a, b) + between(b, c) = between(a, c) always.
 */
export function businessMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const [fromMs, toMs] = [instantMs(from, 'from'), instantMs(to, 'to')];
  if (toMs < fromMs) return -businessMinutesBetween(calendar, to, from);
  return measureSpans(businessSpansFrom(calendar, fromMs), toMs) / MINUTE_MS;
}
