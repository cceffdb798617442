import fc from 'fast-check';
import { CALENDAR_24X7, WEEKDAYS, type BusinessCalendar, type BusinessHoursInterval, type Weekday, type WeeklyHours } from './business-calendar';
import { businessDueTime, elapsedBusinessMinutes, type ClockPause } from './business-clock';
import { addBusinessMinutes, businessMinutesBetween, isBusinessTime, nextBusinessOpening } from './business-time';

/*
 * Reference implementation: walks minute by minute and asks Intl for the wall clock. To stay fast, Intl is
 * asked once per UTC hour and the minutes inside it are counted on: exact for the zones below, whose DST
 * changes all happen on whole UTC hours (checked wherever the offset changes between two hours).
 */
const MINUTE = 60_000;
const DAY = 1440;
const BLOCK = 60;
const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'America/Sao_Paulo', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC'];
const BY_JS_DAY: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const formats: Record<string, Intl.DateTimeFormat> = Object.fromEntries(ZONES.map((timeZone) => [timeZone, new Intl.DateTimeFormat('en-US', {
  timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
})]));
/** Per zone: UTC hour (as its first minute) -> local wall clock then, as minutes since 1970-01-01T00:00 local. */
const blocks = new Map<string, Map<number, number>>();
afterEach(() => blocks.clear());

function readWall(zone: string, minute: number): number {
  const p: Record<string, number> = {};
  for (const { type, value } of formats[zone].formatToParts(minute * MINUTE)) p[type] = Number(value);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) / MINUTE;
}

let last = { zone: '', block: NaN, wall: 0 }; // the walk stays in one hour for 60 calls in a row

function wallClock(zone: string, minute: number): number {
  const block = Math.floor(minute / BLOCK) * BLOCK;
  if (last.zone === zone && last.block === block) return last.wall + (minute - block);
  const known = blocks.get(zone) ?? new Map<number, number>();
  blocks.set(zone, known);
  let wall = known.get(block);
  if (wall === undefined) {
    wall = readWall(zone, block);
    const previous = known.get(block - BLOCK);
    if (previous !== undefined && previous - (block - BLOCK) !== wall - block && readWall(zone, block - 1) !== previous + BLOCK - 1) {
      throw new Error(`${zone}: the offset changes inside the hour before minute ${block}`);
    }
    known.set(block, wall);
  }
  last = { zone, block, wall };
  return wall + (minute - block);
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/** Whether each UTC minute is open, straight from the calendar's definition. */
function referenceFor(calendar: BusinessCalendar): (minute: number) => boolean {
  // Per weekday (JS numbering, Sunday = 0): minutes of the day open by its own intervals, and minutes of
  // the next day open by its overnight intervals.
  const own = BY_JS_DAY.map(() => new Uint8Array(DAY));
  const overnight = BY_JS_DAY.map(() => new Uint8Array(DAY));
  BY_JS_DAY.forEach((day, i) => (calendar.weeklyHours[day] ?? []).forEach(({ start, end }) => {
    const [s, e] = [toMinutes(start), toMinutes(end)];
    own[i].fill(1, s, e > s ? e : DAY);
    if (e < s) overnight[i].fill(1, 0, e);
  }));
  const holidays = new Set(calendar.holidays.map((date) => Date.parse(`${date}T00:00Z`) / MINUTE / DAY));
  return (minute) => {
    const wall = wallClock(calendar.timezone, minute);
    const day = Math.floor(wall / DAY);
    const m = wall - day * DAY;
    const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
    return (!holidays.has(day) && own[weekday][m] === 1) || (!holidays.has(day - 1) && overnight[(weekday + 6) % 7][m] === 1);
  };
}

const WALK_LIMIT = 8 * 7 * DAY;
function runningFor(calendar: BusinessCalendar, pauses: ClockPause[]): (minute: number) => boolean {
  const isOpen = referenceFor(calendar);
  const paused = pauses.map((p) => [p.from.getTime() / MINUTE, p.to ? p.to.getTime() / MINUTE : Infinity]);
  return (minute) => isOpen(minute) && !paused.some(([from, to]) => from <= minute && minute < to);
}

/** Minute at which `target` running minutes are used up (for 0: the first running minute). */
function refDue(calendar: BusinessCalendar, start: number, target: number, pauses: ClockPause[] = []): number | undefined {
  const running = runningFor(calendar, pauses);
  const stopsForGood = Math.min(...pauses.filter((p) => !p.to).map((p) => p.from.getTime() / MINUTE));
  let used = 0;
  for (let m = start; m < start + WALK_LIMIT; m++) {
    if (m >= stopsForGood) return undefined;
    if (!running(m)) continue;
    if (used === target) return m;
    if (++used === target) return m + 1;
  }
  throw new Error('reference walked too far');
}

function refCount(calendar: BusinessCalendar, from: number, to: number, pauses: ClockPause[] = []): number {
  const running = runningFor(calendar, pauses);
  let count = 0;
  for (let m = from; m < to; m++) if (running(m)) count++;
  return count;
}

/* Generators: random calendars in random zones, starts near DST changes of 2025-2027 or anywhere in them. */
const DST_DATES: Record<string, string[]> = {
  'Europe/Berlin': ['2025-03-30', '2025-10-26', '2026-03-29', '2026-10-25', '2027-03-28', '2027-10-31'],
  'America/New_York': ['2025-03-09', '2025-11-02', '2026-03-08', '2026-11-01', '2027-03-14', '2027-11-07'],
  'Australia/Sydney': ['2025-04-06', '2025-10-05', '2026-04-05', '2026-10-04', '2027-04-04', '2027-10-03'],
  'Pacific/Chatham': ['2025-04-06', '2025-09-28', '2026-04-05', '2026-09-27', '2027-04-04', '2027-09-26'],
};
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
// Boundaries are biased towards midnight and the hours DST changes happen in (Chatham's at 02:45/03:45).
const boundary = fc.oneof(fc.integer({ min: 0, max: DAY }), fc.constantFrom(0, 60, 120, 150, 165, 180, 225, 1410, DAY));
const interval: fc.Arbitrary<BusinessHoursInterval> = fc.tuple(boundary, boundary)
  .filter(([start, end]) => start < DAY && start !== end).map(([start, end]) => ({ start: hhmm(start), end: hhmm(end) }));
const weeklyHours: fc.Arbitrary<WeeklyHours> = fc.record(
  Object.fromEntries(WEEKDAYS.map((day) => [day, fc.array(interval, { maxLength: 3 })])) as Record<Weekday, fc.Arbitrary<BusinessHoursInterval[]>>,
  { requiredKeys: [] },
).filter((hours) => Object.values(hours).some((intervals) => intervals.length > 0));

const startMinute = (zone: string) => fc.oneof(
  fc.integer({ min: Date.UTC(2025, 0, 1) / MINUTE, max: Date.UTC(2027, 11, 31) / MINUTE }),
  fc.tuple(fc.constantFrom(...(DST_DATES[zone] ?? ['2026-01-01'])), fc.integer({ min: -3 * DAY, max: DAY }))
    .map(([date, offset]) => Date.parse(`${date}T00:00Z`) / MINUTE + offset),
);
const scenario = fc.constantFrom(...ZONES).chain((zone) => fc.record({
  start: startMinute(zone),
  weeklyHours,
  holidayDays: fc.array(fc.integer({ min: -2, max: 21 }), { maxLength: 4 }),
}).map(({ start, weeklyHours, holidayDays }) => ({
  start,
  calendar: {
    id: 'random', timezone: zone, weeklyHours,
    holidays: holidayDays.map((d) => new Date((start + d * DAY) * MINUTE).toISOString().slice(0, 10)),
  } satisfies BusinessCalendar,
})));

/** Weekly open minutes ignoring holidays and DST, to keep targets within a few weeks of walking. */
function weeklyOpenMinutes(hours: WeeklyHours): number {
  const open = new Uint8Array(7 * DAY);
  WEEKDAYS.forEach((day, i) => (hours[day] ?? []).forEach(({ start, end }) => {
    const [s, e] = [toMinutes(start), toMinutes(end)];
    open.fill(1, i * DAY + s, i * DAY + (e > s ? e : DAY + e));
    if (i === 6 && e < s) open.fill(1, 0, e); // Sunday night runs into Monday
  }));
  return open.reduce((sum, x) => sum + x, 0);
}
const targetFor = (calendar: BusinessCalendar, raw: number) => raw % (Math.min(3000, 2 * weeklyOpenMinutes(calendar.weeklyHours)) + 1);
const date = (minute: number) => new Date(minute * MINUTE);
const NUM_RUNS = 200;

describe('business time against the minute-walking reference (fast-check)', () => {
  it('isBusinessTime and nextBusinessOpening agree with the reference', () => {
    fc.assert(fc.property(scenario, ({ calendar, start }) => {
      expect(isBusinessTime(calendar, date(start))).toBe(referenceFor(calendar)(start));
      expect(nextBusinessOpening(calendar, date(start))).toEqual(date(refDue(calendar, start, 0) ?? NaN));
    }), { numRuns: NUM_RUNS });
  });

  it('addBusinessMinutes agrees with the reference', () => {
    fc.assert(fc.property(scenario, fc.nat(3000), ({ calendar, start }, raw) => {
      const target = targetFor(calendar, raw);
      expect(addBusinessMinutes(calendar, date(start), target)).toEqual(date(refDue(calendar, start, target) ?? NaN));
    }), { numRuns: NUM_RUNS });
  });

  it('businessMinutesBetween agrees with the reference over up to ten days', () => {
    fc.assert(fc.property(scenario, fc.nat(10 * DAY), ({ calendar, start }, length) => {
      expect(businessMinutesBetween(calendar, date(start), date(start + length))).toBe(refCount(calendar, start, start + length));
    }), { numRuns: NUM_RUNS });
  });

  it('elapsedBusinessMinutes and businessDueTime with pauses agree with the reference', () => {
    const pause = fc.record({ from: fc.integer({ min: -DAY, max: 7 * DAY }), length: fc.option(fc.integer({ min: 1, max: 2 * DAY }), { freq: 4 }) });
    fc.assert(fc.property(scenario, fc.nat(3000), fc.array(pause, { maxLength: 3 }), fc.nat(7 * DAY), ({ calendar, start }, raw, rawPauses, length) => {
      const pauses: ClockPause[] = rawPauses.map(({ from, length }) => ({ from: date(start + from), to: length === null ? undefined : date(start + from + length) }));
      const target = targetFor(calendar, raw);
      const expected = refDue(calendar, start, target, pauses);
      expect(businessDueTime(calendar, date(start), target, pauses)).toEqual(expected === undefined ? undefined : date(expected));
      expect(elapsedBusinessMinutes(calendar, date(start), date(start + length), pauses)).toBe(refCount(calendar, start, start + length, pauses));
    }), { numRuns: NUM_RUNS });
  });
});

describe('business time properties (fast-check)', () => {
  const anyInstant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 31) }).map((ms) => new Date(ms));

  it('businessMinutesBetween(start, addBusinessMinutes(start, n)) = n, also from instants with seconds', () => {
    fc.assert(fc.property(scenario, anyInstant, fc.nat(3000), ({ calendar }, start, raw) => {
      const target = targetFor(calendar, raw);
      expect(businessMinutesBetween(calendar, start, addBusinessMinutes(calendar, start, target))).toBe(target);
    }), { numRuns: NUM_RUNS });
  });

  it('is monotonic in the minutes and ends in business time or exactly at a closing', () => {
    fc.assert(fc.property(scenario, anyInstant, fc.nat(3000), fc.nat(3000), ({ calendar }, start, a, b) => {
      const [low, high] = [targetFor(calendar, Math.min(a, b)), targetFor(calendar, Math.max(a, b))].sort((x, y) => x - y);
      const [dueLow, dueHigh] = [addBusinessMinutes(calendar, start, low), addBusinessMinutes(calendar, start, high)];
      expect(dueLow.getTime()).toBeLessThanOrEqual(dueHigh.getTime());
      const justBefore = new Date(dueHigh.getTime() - 1);
      expect(isBusinessTime(calendar, dueHigh) || (high > 0 && isBusinessTime(calendar, justBefore))).toBe(true);
    }), { numRuns: NUM_RUNS });
  });

  it('adds up: between(a, b) + between(b, c) = between(a, c)', () => {
    fc.assert(fc.property(scenario, anyInstant, fc.nat(10 * DAY * MINUTE), fc.nat(10 * DAY * MINUTE), ({ calendar }, a, x, y) => {
      const [b, c] = [new Date(a.getTime() + x), new Date(a.getTime() + x + y)];
      const ms = (from: Date, to: Date) => Math.round(businessMinutesBetween(calendar, from, to) * MINUTE);
      expect(ms(a, b) + ms(b, c)).toBe(ms(a, c));
    }), { numRuns: NUM_RUNS });
  });

  it('a clock paused once is due at addBusinessMinutes(resume, target - elapsed before the pause)', () => {
    fc.assert(fc.property(scenario, fc.nat(3000), fc.nat(5 * DAY), fc.integer({ min: 1, max: 3 * DAY }), ({ calendar, start }, raw, before, length) => {
      const target = targetFor(calendar, raw);
      const [paused, resumed] = [date(start + before), date(start + before + length)];
      const used = elapsedBusinessMinutes(calendar, date(start), paused);
      fc.pre(used < target);
      expect(businessDueTime(calendar, date(start), target, [{ from: paused, to: resumed }])).toEqual(addBusinessMinutes(calendar, resumed, target - used));
    }), { numRuns: NUM_RUNS });
  });

  it('24x7, in UTC or any zone, is plain arithmetic (DST days have 23 or 25 hours)', () => {
    const allDay = [{ start: '00:00', end: '24:00' }];
    const calendars = [CALENDAR_24X7, ...ZONES.map((timezone) => ({ id: timezone, timezone, holidays: [], weeklyHours: Object.fromEntries(WEEKDAYS.map((d) => [d, allDay])) }))];
    fc.assert(fc.property(fc.constantFrom(...calendars), anyInstant, fc.nat(100_000), fc.nat(100_000 * MINUTE), (calendar, start, minutes, ms) => {
      expect(addBusinessMinutes(calendar, start, minutes).getTime()).toBe(start.getTime() + minutes * MINUTE);
      expect(businessMinutesBetween(calendar, start, new Date(start.getTime() + ms))).toBeCloseTo(ms / MINUTE, 9);
    }), { numRuns: NUM_RUNS });
  });
});
