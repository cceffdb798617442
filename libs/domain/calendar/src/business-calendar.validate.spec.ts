import { CALENDAR_24X7, type BusinessCalendar } from './business-calendar';
import { businessCalendarProblems } from './business-calendar.validate';

const valid: BusinessCalendar = {
  id: 'support-de', timezone: 'Europe/Berlin', holidays: ['2026-12-25', '2028-02-29'],
  weeklyHours: { mon: [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '24:00' }], sat: [{ start: '22:00', end: '06:00' }] },
};

describe('business calendar validation', () => {
  it('accepts a valid calendar and the 24x7 constant', () => {
    expect(businessCalendarProblems(valid)).toEqual([]);
    expect(businessCalendarProblems(CALENDAR_24X7)).toEqual([]);
  });

  it.each([
    ['an unknown time zone', { timezone: 'Mars/Olympus' }, /timezone/],
    ['an empty id', { id: '' }, /id/],
    ['a malformed time', { weeklyHours: { mon: [{ start: '9:00', end: '17:00' }] } }, /mon\[0\]\.start/],
    ['a start of 24:00', { weeklyHours: { mon: [{ start: '24:00', end: '17:00' }] } }, /mon\[0\]\.start/],
    ['an end past 24:00', { weeklyHours: { mon: [{ start: '09:00', end: '24:30' }] } }, /mon\[0\]\.end/],
    ['start equal to end', { weeklyHours: { mon: [{ start: '09:00', end: '09:00' }] } }, /start equals end/],
    ['an unknown weekday', { weeklyHours: { monday: [{ start: '09:00', end: '17:00' }] } }, /not a weekday/],
    ['no open interval', { weeklyHours: {} }, /no open interval/],
    ['a date that does not exist', { holidays: ['2026-02-29'] }, /holidays\[0\]/],
    ['a malformed date', { holidays: ['25.12.2026'] }, /holidays\[0\]/],
  ])('reports %s', (_, change, message) => {
    const problems = businessCalendarProblems({ ...valid, ...change } as BusinessCalendar);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });
});
