import { birthdayOf, greetingTime, nextGreeting, zoneOf } from './birthday-time';

describe('birthday greeting time', () => {
  it('is 09:00 local on the birthday, through summer time and in zones east and west', () => {
    expect(greetingTime({ month: 6, day: 21 }, 2027, 'Europe/Berlin').toISOString()).toBe('2027-06-21T07:00:00.000Z');
    expect(greetingTime({ month: 1, day: 10 }, 2027, 'Europe/Berlin').toISOString()).toBe('2027-01-10T08:00:00.000Z');
    expect(greetingTime({ month: 3, day: 1 }, 2027, 'America/New_York').toISOString()).toBe('2027-03-01T14:00:00.000Z');
    expect(greetingTime({ month: 12, day: 31 }, 2026, 'Pacific/Auckland').toISOString()).toBe('2026-12-30T20:00:00.000Z');
    expect(greetingTime({ month: 6, day: 21 }, 2027, 'UTC').toISOString()).toBe('2027-06-21T09:00:00.000Z');
  });

  it('greets a 29 February birthday on the 28th in other years', () => {
    expect(greetingTime({ month: 2, day: 29 }, 2027, 'UTC').toISOString()).toBe('2027-02-28T09:00:00.000Z');
    expect(greetingTime({ month: 2, day: 29 }, 2028, 'UTC').toISOString()).toBe('2028-02-29T09:00:00.000Z');
  });

  it('picks this year until the greeting time has passed, then next year', () => {
    const birthday = { month: 6, day: 21 };
    expect(nextGreeting(birthday, 'Europe/Berlin', new Date('2027-06-21T06:59:59Z'))).toEqual({ year: 2027, at: new Date('2027-06-21T07:00:00Z') });
    expect(nextGreeting(birthday, 'Europe/Berlin', new Date('2027-06-21T07:00:01Z'))).toEqual({ year: 2028, at: new Date('2028-06-21T07:00:00Z') });
  });

  it('reads only real dates and known zones', () => {
    expect(birthdayOf('1988-06-21')).toEqual({ month: 6, day: 21 });
    expect(birthdayOf('1988-13-01')).toBeUndefined();
    expect(birthdayOf(19880621)).toBeUndefined();
    expect(zoneOf('Mars/Olympus')).toBe('UTC');
    expect(zoneOf(undefined)).toBe('UTC');
    expect(zoneOf('Asia/Tokyo')).toBe('Asia/Tokyo');
  });
});
