import type { BusinessCalendar, BusinessHoursInterval, WeeklyHours } from './business-calendar';
import { addBusinessMinutes, businessMinutesBetween, isBusinessTime } from './business-time';

const at = (iso: string) => new Date(iso);
const night: BusinessHoursInterval[] = [{ start: '22:00', end: '06:00' }];
const calendar = (weeklyHours: WeeklyHours, holidays: string[] = []): BusinessCalendar => ({ id: 'night-desk', timezone: 'Europe/Berlin', weeklyHours, holidays });
/** Night shifts Monday to Friday written as one interval that runs past midnight. */
const nights = (holidays: string[] = []) => calendar({ mon: night, tue: night, wed: night, thu: night, fri: night }, holidays);
/** The same shifts written as two intervals on consecutive days. */
const split = (holidays: string[] = []) => {
  const evening = { start: '22:00', end: '24:00' };
  const morning = { start: '00:00', end: '06:00' };
  return calendar({ mon: [evening], tue: [morning, evening], wed: [morning, evening], thu: [morning, evening], fri: [morning, evening], sat: [morning] }, holidays);
};

describe('overnight shifts (end before start runs past midnight)', () => {
  it('belongs to the day it starts on: Friday night runs into Saturday, nothing on Sunday night', () => {
    const cal = nights();
    expect(isBusinessTime(cal, at('2026-03-21T05:59+01:00'))).toBe(true); // Saturday morning, Friday's shift
    expect(isBusinessTime(cal, at('2026-03-21T06:00+01:00'))).toBe(false);
    expect(isBusinessTime(cal, at('2026-03-22T03:00+01:00'))).toBe(false); // no Saturday shift
    expect(isBusinessTime(cal, at('2026-03-23T03:00+01:00'))).toBe(false); // no Sunday shift
    expect(isBusinessTime(cal, at('2026-03-23T23:00+01:00'))).toBe(true);
    expect(addBusinessMinutes(cal, at('2026-03-20T23:00+01:00'), 360)).toEqual(at('2026-03-21T05:00+01:00'));
    expect(addBusinessMinutes(cal, at('2026-03-20T05:00+01:00'), 120)).toEqual(at('2026-03-20T23:00+01:00'));
    expect(businessMinutesBetween(cal, at('2026-03-16T00:00+01:00'), at('2026-03-23T00:00+01:00'))).toBe(5 * 480);
  });

  it('is the same as two intervals on consecutive days when there are no holidays', () => {
    for (const [start, minutes] of [['2026-03-20T23:00+01:00', 360], ['2026-03-19T12:00+01:00', 1000]] as const) {
      expect(addBusinessMinutes(nights(), at(start), minutes)).toEqual(addBusinessMinutes(split(), at(start), minutes));
    }
  });

  it('a holiday on the start day cancels the whole shift; a holiday the next day does not cut its tail', () => {
    const cal = nights(['2026-03-20']); // Friday
    expect(isBusinessTime(cal, at('2026-03-20T03:00+01:00'))).toBe(true); // Thursday's shift
    expect(isBusinessTime(cal, at('2026-03-21T03:00+01:00'))).toBe(false); // Friday's shift is off
    expect(addBusinessMinutes(cal, at('2026-03-19T23:00+01:00'), 480)).toEqual(at('2026-03-23T23:00+01:00'));
  });

  it('written as two intervals, the holiday closes its own calendar day instead', () => {
    const cal = split(['2026-03-20']);
    expect(isBusinessTime(cal, at('2026-03-20T03:00+01:00'))).toBe(false);
    expect(isBusinessTime(cal, at('2026-03-21T03:00+01:00'))).toBe(true);
  });

  it("treats an end of '00:00' after a later start like '24:00'", () => {
    const evening = calendar({ mon: [{ start: '22:00', end: '00:00' }] });
    expect(businessMinutesBetween(evening, at('2026-03-23T00:00+01:00'), at('2026-03-25T00:00+01:00'))).toBe(120);
  });
});
