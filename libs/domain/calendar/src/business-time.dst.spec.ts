import type { BusinessCalendar, BusinessHoursInterval, WeeklyHours } from './business-calendar';
import { addBusinessMinutes, businessMinutesBetween, isBusinessTime, nextBusinessOpening } from './business-time';

const at = (iso: string) => new Date(iso);
const calendar = (timezone: string, weeklyHours: WeeklyHours): BusinessCalendar => ({ id: 'cal', timezone, weeklyHours, holidays: [] });
const daily = (timezone: string, start: string, end: string) => {
  const hours: BusinessHoursInterval[] = [{ start, end }];
  return calendar(timezone, { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: hours });
};
const sundays = (start: string, end: string) => calendar('Europe/Berlin', { sun: [{ start, end }] });

describe('DST: business hours are wall-clock hours', () => {
  it('keeps a 09:00-17:00 day at 8 hours on both change days; the night absorbs the change', () => {
    const cal = daily('Europe/Berlin', '09:00', '17:00');
    expect(businessMinutesBetween(cal, at('2026-03-29T00:00+01:00'), at('2026-03-30T00:00+02:00'))).toBe(480);
    expect(businessMinutesBetween(cal, at('2026-10-25T00:00+02:00'), at('2026-10-26T00:00+01:00'))).toBe(480);
    expect(addBusinessMinutes(cal, at('2026-03-28T16:00+01:00'), 120)).toEqual(at('2026-03-29T10:00+02:00'));
  });

  it('gives a 24-hour calendar 23 hours on spring-forward day and 25 on fall-back day', () => {
    const cal = daily('Europe/Berlin', '00:00', '24:00');
    expect(businessMinutesBetween(cal, at('2026-03-29T00:00+01:00'), at('2026-03-30T00:00+02:00'))).toBe(23 * 60);
    expect(businessMinutesBetween(cal, at('2026-10-25T00:00+02:00'), at('2026-10-26T00:00+01:00'))).toBe(25 * 60);
    const sydney = daily('Australia/Sydney', '00:00', '24:00'); // southern hemisphere: April ends DST
    expect(businessMinutesBetween(sydney, at('2026-04-05T00:00+11:00'), at('2026-04-06T00:00+10:00'))).toBe(25 * 60);
    expect(businessMinutesBetween(sydney, at('2026-10-04T00:00+10:00'), at('2026-10-05T00:00+11:00'))).toBe(23 * 60);
  });

  it('runs a 24-hour calendar straight through the gap: two minutes before it plus two is two real minutes', () => {
    const cal = daily('Europe/Berlin', '00:00', '24:00');
    expect(addBusinessMinutes(cal, at('2026-03-29T01:59+01:00'), 2)).toEqual(at('2026-03-29T03:01+02:00'));
  });

  it('opens an interval that starts inside the gap at the end of the gap', () => {
    const cal = sundays('02:30', '05:00');
    expect(nextBusinessOpening(cal, at('2026-03-28T12:00+01:00'))).toEqual(at('2026-03-29T03:00+02:00'));
    expect(businessMinutesBetween(cal, at('2026-03-29T00:00+01:00'), at('2026-03-30T00:00+02:00'))).toBe(120);
    expect(businessMinutesBetween(cal, at('2026-03-22T00:00+01:00'), at('2026-03-23T00:00+01:00'))).toBe(150);
  });

  it('skips an interval that lies wholly inside the gap', () => {
    const cal = sundays('02:00', '03:00');
    expect(nextBusinessOpening(cal, at('2026-03-28T12:00+01:00'))).toEqual(at('2026-04-05T02:00+02:00'));
  });

  it('on fall-back day counts repeated wall times inside an interval on both passes', () => {
    const cal = sundays('02:30', '04:00');
    expect(businessMinutesBetween(cal, at('2026-10-25T00:00+02:00'), at('2026-10-26T00:00+01:00'))).toBe(120);
    expect(isBusinessTime(cal, at('2026-10-25T02:45+02:00'))).toBe(true);
    expect(isBusinessTime(cal, at('2026-10-25T02:15+01:00'))).toBe(false); // the clock went back before 02:30
    expect(isBusinessTime(cal, at('2026-10-25T02:45+01:00'))).toBe(true);
    expect(addBusinessMinutes(cal, at('2026-10-24T12:00+02:00'), 30)).toEqual(at('2026-10-25T03:00+02:00'));
    expect(addBusinessMinutes(cal, at('2026-10-24T12:00+02:00'), 31)).toEqual(at('2026-10-25T02:31+01:00'));
  });

  it('crosses the US spring-forward weekend with office hours unchanged', () => {
    const cal = calendar('America/New_York', { mon: [{ start: '09:00', end: '17:00' }], fri: [{ start: '09:00', end: '17:00' }] });
    expect(addBusinessMinutes(cal, at('2026-03-06T16:00-05:00'), 120)).toEqual(at('2026-03-09T10:00-04:00'));
  });
});

describe('time zones with odd offsets', () => {
  it('uses half-hour and 45-minute offsets', () => {
    expect(nextBusinessOpening(daily('Asia/Kolkata', '09:00', '17:00'), at('2026-06-15T00:00Z'))).toEqual(at('2026-06-15T03:30Z'));
    expect(nextBusinessOpening(daily('Pacific/Chatham', '09:00', '17:00'), at('2026-06-15T08:00Z'))).toEqual(at('2026-06-15T20:15Z'));
    expect(nextBusinessOpening(daily('America/Sao_Paulo', '09:00', '17:00'), at('2026-06-15T00:00Z'))).toEqual(at('2026-06-15T12:00Z'));
  });

  it('follows Chatham into its daylight time (02:45 -> 03:45)', () => {
    const cal = daily('Pacific/Chatham', '00:00', '24:00');
    expect(businessMinutesBetween(cal, at('2026-09-27T00:00+12:45'), at('2026-09-28T00:00+13:45'))).toBe(23 * 60);
  });
});
