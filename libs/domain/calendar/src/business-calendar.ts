/**
 * A business-hours calendar as `/v1/config/calendars` stores it: plain JSON data, no behaviour.
 *
 * Semantics (see business-time.ts for the arithmetic):
 * - `weeklyHours` intervals are wall-clock times in `timezone`, half-open `[start, end)`: a 09:00-17:00
 *   day opens at 09:00:00.000 and is closed at 17:00:00.000. Several intervals a day may overlap; they are
 *   merged. `end` may be '24:00' (until midnight).
 * - An interval whose `end` is before its `start` (`{ start: '22:00', end: '06:00' }`) is an overnight shift
 *   that runs past midnight into the next day and belongs to the day it starts on: a holiday on that day
 *   cancels the whole shift, a holiday on the next day does not cut its tail. Write it as two intervals
 *   (`22:00-24:00` and next day `00:00-06:00`) if the next day's holiday should cut it. `start == end` is
 *   rejected (it could mean "empty" or "24 hours").
 * - `holidays` are local dates in `timezone`; the whole day is closed (except the tail of an overnight
 *   shift that started the day before, as above).
 * - The calendar is treated as immutable: compiled forms are cached per object.
 */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Monday first, as ISO 8601 numbers its days (index 0 = Monday). */
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Wall-clock times 'HH:MM' (24-hour); `end` may be '24:00'. */
export interface BusinessHoursInterval {
  readonly start: string;
  readonly end: string;
}

export type WeeklyHours = Readonly<Partial<Record<Weekday, readonly BusinessHoursInterval[]>>>;

export interface BusinessCalendar {
  readonly id: string;
  /** IANA time zone name, e.g. 'Europe/Berlin'. */
  readonly timezone: string;
  readonly weeklyHours: WeeklyHours;
  /** Local dates 'YYYY-MM-DD' in `timezone` that are closed all day. */
  readonly holidays: readonly string[];
}

const ALL_DAY: readonly BusinessHoursInterval[] = [{ start: '00:00', end: '24:00' }];

/** Always open: business minutes equal elapsed minutes (a policy without a calendar uses this). */
export const CALENDAR_24X7: BusinessCalendar = {
  id: '24x7',
  timezone: 'UTC',
  weeklyHours: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
  holidays: [],
};
