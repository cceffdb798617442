import { CALENDAR_24X7, type BusinessCalendar, type BusinessHoursInterval } from './business-calendar';
import { addBusinessMinutes, businessMinutesBetween, isBusinessTime, nextBusinessOpening } from './business-time';

const at = (iso: string) => new Date(iso);
const nineToFive: BusinessHoursInterval[] = [{ start: '09:00', end: '17:00' }];
const berlin = (holidays: string[] = [], hours: BusinessHoursInterval[] = nineToFive): BusinessCalendar => ({
  id: 'berlin-office', timezone: 'Europe/Berlin', holidays,
  weeklyHours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours },
});
const everyDay = (timezone: string, hours: BusinessHoursInterval[]): BusinessCalendar => ({
  id: 'every-day', timezone, holidays: [],
  weeklyHours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: hours },
});
const office = berlin();

describe('business hours: openings and closings', () => {
  it('counts from an exact opening', () => {
    expect(addBusinessMinutes(office, at('2026-03-23T09:00+01:00'), 60)).toEqual(at('2026-03-23T10:00+01:00'));
    expect(isBusinessTime(office, at('2026-03-23T09:00+01:00'))).toBe(true);
  });

  it('treats the closing time as closed (intervals are half-open) and continues the next morning', () => {
    expect(isBusinessTime(office, at('2026-03-23T16:59:59.999+01:00'))).toBe(true);
    expect(isBusinessTime(office, at('2026-03-23T17:00+01:00'))).toBe(false);
    expect(addBusinessMinutes(office, at('2026-03-23T17:00+01:00'), 60)).toEqual(at('2026-03-24T10:00+01:00'));
  });

  it('ends exactly at a closing time when the target runs out there', () => {
    expect(addBusinessMinutes(office, at('2026-03-23T16:00+01:00'), 60)).toEqual(at('2026-03-23T17:00+01:00'));
  });

  it('returns the start for zero minutes in business time, else the next opening', () => {
    expect(addBusinessMinutes(office, at('2026-03-23T11:11+01:00'), 0)).toEqual(at('2026-03-23T11:11+01:00'));
    expect(addBusinessMinutes(office, at('2026-03-23T17:00+01:00'), 0)).toEqual(at('2026-03-24T09:00+01:00'));
    expect(addBusinessMinutes(office, at('2026-03-21T12:00+01:00'), 0)).toEqual(at('2026-03-23T09:00+01:00'));
  });

  it('skips the weekend from Friday evening to Monday', () => {
    expect(addBusinessMinutes(office, at('2026-03-20T16:00+01:00'), 120)).toEqual(at('2026-03-23T10:00+01:00'));
    expect(addBusinessMinutes(office, at('2026-03-21T12:00+01:00'), 30)).toEqual(at('2026-03-23T09:30+01:00'));
    expect(businessMinutesBetween(office, at('2026-03-20T17:00+01:00'), at('2026-03-23T09:00+01:00'))).toBe(0);
    expect(businessMinutesBetween(office, at('2026-03-20T16:00+01:00'), at('2026-03-23T10:00+01:00'))).toBe(120);
  });

  it('knows the next opening', () => {
    expect(nextBusinessOpening(office, at('2026-03-20T18:00+01:00'))).toEqual(at('2026-03-23T09:00+01:00'));
    expect(nextBusinessOpening(office, at('2026-03-20T12:00+01:00'))).toEqual(at('2026-03-20T12:00+01:00'));
  });

  it('skips a lunch break between two intervals of a day', () => {
    const split = berlin([], [{ start: '13:00', end: '17:00' }, { start: '09:00', end: '12:00' }]);
    expect(addBusinessMinutes(split, at('2026-03-23T11:30+01:00'), 60)).toEqual(at('2026-03-23T13:30+01:00'));
    expect(businessMinutesBetween(split, at('2026-03-23T00:00+01:00'), at('2026-03-24T00:00+01:00'))).toBe(420);
  });

  it('merges overlapping intervals instead of counting them twice', () => {
    const overlapping = berlin([], [{ start: '09:00', end: '13:00' }, { start: '12:00', end: '17:00' }]);
    expect(businessMinutesBetween(overlapping, at('2026-03-23T00:00+01:00'), at('2026-03-24T00:00+01:00'))).toBe(480);
  });
});

describe('business hours: holidays', () => {
  it('on the eve of a holiday, continues after the holiday and the weekend', () => {
    const christmas = berlin(['2026-12-25']);
    expect(addBusinessMinutes(christmas, at('2026-12-24T16:00+01:00'), 120)).toEqual(at('2026-12-28T10:00+01:00'));
    expect(isBusinessTime(christmas, at('2026-12-24T16:59+01:00'))).toBe(true);
  });

  it('skips a Monday holiday (and a Friday one) around a weekend', () => {
    const easter = berlin(['2026-04-03', '2026-04-06']);
    expect(addBusinessMinutes(easter, at('2026-04-02T16:30+02:00'), 60)).toEqual(at('2026-04-07T09:30+02:00'));
    expect(nextBusinessOpening(easter, at('2026-04-06T10:00+02:00'))).toEqual(at('2026-04-07T09:00+02:00'));
  });

  it('handles a leap day as a working day and as a holiday', () => {
    expect(addBusinessMinutes(berlin(), at('2028-02-28T16:00+01:00'), 120)).toEqual(at('2028-02-29T10:00+01:00'));
    expect(addBusinessMinutes(berlin(['2028-02-29']), at('2028-02-28T16:00+01:00'), 120)).toEqual(at('2028-03-01T10:00+01:00'));
  });

  it('reads holidays as local dates of the calendar time zone', () => {
    const sydney: BusinessCalendar = { ...everyDay('Australia/Sydney', [{ start: '00:00', end: '24:00' }]), holidays: ['2026-01-26'] };
    // Australia Day in Sydney (UTC+11) runs from 2026-01-25T13:00Z to 2026-01-26T13:00Z.
    expect(isBusinessTime(sydney, at('2026-01-25T12:59Z'))).toBe(true);
    expect(isBusinessTime(sydney, at('2026-01-25T13:00Z'))).toBe(false);
    expect(nextBusinessOpening(sydney, at('2026-01-25T13:00Z'))).toEqual(at('2026-01-26T13:00Z'));
  });
});

describe('business hours: precision and the 24x7 calendar', () => {
  it('counts seconds proportionally (minutes are 60,000 ms, nothing is truncated)', () => {
    expect(addBusinessMinutes(office, at('2026-03-23T09:00:30+01:00'), 1)).toEqual(at('2026-03-23T09:01:30+01:00'));
    expect(addBusinessMinutes(office, at('2026-03-23T09:00+01:00'), 0.5)).toEqual(at('2026-03-23T09:00:30+01:00'));
    expect(businessMinutesBetween(office, at('2026-03-23T09:00+01:00'), at('2026-03-23T09:00:30+01:00'))).toBe(0.5);
    expect(businessMinutesBetween(office, at('2026-03-23T16:59:30+01:00'), at('2026-03-24T09:00:30+01:00'))).toBe(1);
  });

  it('gives a negative count when the instants are swapped', () => {
    expect(businessMinutesBetween(office, at('2026-03-24T10:00+01:00'), at('2026-03-23T16:00+01:00'))).toBe(-120);
  });

  it('is plain arithmetic for CALENDAR_24X7', () => {
    const start = at('2026-10-24T23:17:42.123Z');
    expect(addBusinessMinutes(CALENDAR_24X7, start, 10_000)).toEqual(new Date(start.getTime() + 10_000 * 60_000));
    expect(businessMinutesBetween(CALENDAR_24X7, start, at('2026-10-31T23:17:42.123Z'))).toBe(7 * 1440);
  });
});

describe('business hours: bad input', () => {
  it('rejects negative, infinite and NaN minutes and invalid dates', () => {
    for (const minutes of [-1, Infinity, NaN]) expect(() => addBusinessMinutes(office, at('2026-03-23T09:00Z'), minutes)).toThrow(RangeError);
    expect(() => isBusinessTime(office, at('not a date'))).toThrow(RangeError);
    expect(() => businessMinutesBetween(office, at('2026-03-23T09:00Z'), new Date(NaN))).toThrow(RangeError);
  });

  it('rejects an invalid calendar with a coded domain error listing the problems', () => {
    const broken = { ...office, timezone: 'Europe/Atlantis' };
    expect(() => isBusinessTime(broken, at('2026-03-23T09:00Z'))).toThrow(expect.objectContaining({ code: 'CALENDAR.INVALID' }));
  });
});
