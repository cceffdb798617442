import { WEEKDAYS, type BusinessCalendar } from './business-calendar';
import { InvalidBusinessCalendar } from './business-calendar.errors';
import { businessCalendarProblems, parseLocalDate, parseWallTime } from './business-calendar.validate';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** Open wall-clock time within one local day, in ms after local midnight, half-open. */
export interface LocalInterval {
  readonly start: number;
  readonly end: number;
}

/** A calendar turned into lookup tables, so the arithmetic never parses strings in its loops. */
export interface CompiledCalendar {
  readonly id: string;
  readonly timezone: string;
  /** Holidays as local day numbers (days since 1970-01-01). */
  readonly holidays: ReadonlySet<number>;
  /** Sorted, merged open intervals of local day `day` (days since 1970-01-01), overnight tails included. */
  intervalsOn(day: number): readonly LocalInterval[];
  /** Longest stretch of days that can pass without any opening; beyond it something is wrong. */
  readonly maxClosedDays: number;
}

const cache = new WeakMap<BusinessCalendar, CompiledCalendar>();

/** 1970-01-01 was a Thursday; Monday = 0 like WEEKDAYS. */
export const weekdayOf = (day: number): number => (((day + 3) % 7) + 7) % 7;

function merge(intervals: LocalInterval[]): LocalInterval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: LocalInterval[] = [];
  for (const next of sorted) {
    const last = merged[merged.length - 1];
    if (last && next.start <= last.end) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, next.end) };
    else merged.push(next);
  }
  return merged;
}

/** Compiling follows validation, so a value that does not parse here is a bug, not bad input. */
function parsed(value: number | undefined): number {
  if (value === undefined) throw new Error('calendar changed between validation and compilation');
  return value;
}

/**
 * Per weekday: the part of its intervals on the day itself, and the overnight part that spills into the
 * next day (already shifted to the next day's clock).
 */
function weeklyParts(calendar: BusinessCalendar): { own: LocalInterval[][]; spill: LocalInterval[][] } {
  const own = WEEKDAYS.map((): LocalInterval[] => []);
  const spill = WEEKDAYS.map((): LocalInterval[] => []);
  WEEKDAYS.forEach((weekday, i) => {
    for (const interval of calendar.weeklyHours[weekday] ?? []) {
      const start = parsed(parseWallTime(interval.start)) * MINUTE_MS;
      const end = parsed(parseWallTime(interval.end)) * MINUTE_MS;
      if (end > start) own[i].push({ start, end });
      else {
        own[i].push({ start, end: DAY_MS });
        if (end > 0) spill[i].push({ start: 0, end });
      }
    }
  });
  return { own, spill };
}

function compile(calendar: BusinessCalendar): CompiledCalendar {
  const problems = businessCalendarProblems(calendar);
  if (problems.length > 0) throw new InvalidBusinessCalendar(String(calendar.id), problems);
  const { own, spill } = weeklyParts(calendar);
  // table[weekday][previous day open][day open]: 28 precomputed lists instead of merging in the hot loop.
  const table = WEEKDAYS.map((_, i) =>
    [false, true].map((previousOpen) =>
      [false, true].map((open) => merge([...(open ? own[i] : []), ...(previousOpen ? spill[(i + 6) % 7] : [])])),
    ),
  );
  const holidays = new Set(calendar.holidays.map((holiday) => parsed(parseLocalDate(holiday))));
  return {
    id: calendar.id,
    timezone: calendar.timezone,
    holidays,
    intervalsOn: (day) => table[weekdayOf(day)][holidays.has(day - 1) ? 0 : 1][holidays.has(day) ? 0 : 1],
    // Every week has an opening; each holiday can close at most one more week, DST gaps a few more.
    maxClosedDays: 7 * (holidays.size + 4),
  };
}

export function compileCalendar(calendar: BusinessCalendar): CompiledCalendar {
  let compiled = cache.get(calendar);
  if (!compiled) {
    compiled = compile(calendar);
    cache.set(calendar, compiled);
  }
  return compiled;
}
