import { WEEKDAYS, type BusinessCalendar } from './business-calendar';

const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** 'HH:MM' -> minutes after midnight ('24:00' -> 1440), or undefined when malformed. */
export function parseWallTime(text: unknown): number | undefined {
  const match = typeof text === 'string' ? TIME.exec(text) : null;
  if (!match) return undefined;
  return Number(match[1] ?? match[3]) * 60 + Number(match[2] ?? match[4]);
}

/** 'YYYY-MM-DD' -> days since 1970-01-01, or undefined when malformed or not a real date (2026-02-30). */
export function parseLocalDate(text: unknown): number | undefined {
  const match = typeof text === 'string' ? DATE.exec(text) : null;
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.getTime() / DAY_MS;
}

// Creating a DateTimeFormat costs ~50 us; configs are reloaded as fresh objects, so remember the answer.
const knownTimeZones = new Map<string, boolean>();

function isTimeZone(name: unknown): boolean {
  if (typeof name !== 'string' || name === '') return false;
  let known = knownTimeZones.get(name);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      known = true;
    } catch {
      known = false;
    }
    knownTimeZones.set(name, known);
  }
  return known;
}

/**
 * Everything wrong with a calendar, as messages for an API answer; empty when it is usable. Checked at
 * runtime although the type says it all, because calendars arrive as JSON through the config API.
 */
export function businessCalendarProblems(calendar: BusinessCalendar): string[] {
  const problems: string[] = [];
  if (typeof calendar.id !== 'string' || calendar.id === '') problems.push('id must be a non-empty string');
  if (!isTimeZone(calendar.timezone)) problems.push(`timezone ${JSON.stringify(calendar.timezone)} is not a known IANA time zone`);
  const weeklyHours = (calendar.weeklyHours ?? {}) as Record<string, unknown>;
  let openIntervals = 0;
  for (const [day, intervals] of Object.entries(weeklyHours)) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) problems.push(`weeklyHours.${day}: not a weekday (mon..sun)`);
    if (!Array.isArray(intervals)) {
      problems.push(`weeklyHours.${day} must be a list of { start, end }`);
      continue;
    }
    intervals.forEach((interval: { start?: unknown; end?: unknown } | null, i) => {
      const start = parseWallTime(interval?.start);
      const end = parseWallTime(interval?.end);
      const where = `weeklyHours.${day}[${i}]`;
      if (start === undefined || start === 1440) problems.push(`${where}.start must be 'HH:MM' between 00:00 and 23:59`);
      else if (end === undefined) problems.push(`${where}.end must be 'HH:MM' between 00:00 and 24:00`);
      else if (start === end) problems.push(`${where}: start equals end (use 00:00-24:00 for a whole day)`);
      else openIntervals++;
    });
  }
  if (openIntervals === 0) problems.push('weeklyHours has no open interval, so no SLA clock could ever run');
  if (!Array.isArray(calendar.holidays)) problems.push('holidays must be a list of YYYY-MM-DD dates');
  else calendar.holidays.forEach((holiday, i) => {
    if (parseLocalDate(holiday) === undefined) problems.push(`holidays[${i}]: ${JSON.stringify(holiday)} is not a YYYY-MM-DD date`);
  });
  return problems;
}
