import { CALENDAR_24X7 } from '@csp/business-calendar';
import { businessSecondsBetween, type CalendarsVersion, chooseTicketCalendar, versionInForce } from './ticket-calendar';

const office = { id: 'office', timezone: 'Europe/Berlin', weeklyHours: { mon: [{ start: '09:00', end: '18:00' }] } };
const late = { id: 'late', timezone: 'UTC', weeklyHours: { mon: [{ start: '12:00', end: '20:00' }] }, holidays: ['2026-11-30'] };
const v1: CalendarsVersion = { version: 1, atMs: Date.parse('2026-11-01T00:00:00Z'), document: { calendars: [office, late] } };
const created = Date.parse('2026-11-20T00:00:00Z');

describe('the calendar of a ticket', () => {
  it('is the version stored last at or before the creation; none before the first', () => {
    const versions = [{ version: 1, atMs: 100 }, { version: 3, atMs: 300 }, { version: 2, atMs: 200 }];
    expect([50, 100, 250, 300, 999].map((ms) => versionInForce(versions, ms))).toEqual([0, 1, 2, 3, 3]);
  });

  it("the SLA clock's calendar, else the first of the document, else around the clock", () => {
    expect(chooseTicketCalendar({ createdAtMs: created, slaCalendarId: 'late' }, v1)).toEqual({ calendar: late, version: 1 });
    // holidays is optional in the document and defaults to none.
    expect(chooseTicketCalendar({ createdAtMs: created }, v1)).toEqual({ calendar: { ...office, holidays: [] }, version: 1 });
    // A policy without a calendar runs its clocks around the clock, and so do its business durations.
    expect(chooseTicketCalendar({ createdAtMs: created, slaCalendarId: '' }, v1)).toEqual({ calendar: CALENDAR_24X7, version: 1 });
    expect(chooseTicketCalendar({ createdAtMs: created, slaCalendarId: 'gone' }, v1).calendar).toBe(CALENDAR_24X7);
    expect(chooseTicketCalendar({ createdAtMs: created }, undefined)).toEqual({ calendar: CALENDAR_24X7, version: 0 });
    expect(chooseTicketCalendar({ createdAtMs: created }, { ...v1, document: { calendars: [] } }).calendar).toBe(CALENDAR_24X7);
  });

  it('a calendar that does not validate never blocks the projection: around the clock', () => {
    const broken = { ...v1, document: { calendars: [{ id: 'x', timezone: 'Mars/Olympus', weeklyHours: {} }] } };
    expect(chooseTicketCalendar({ createdAtMs: created }, broken).calendar).toBe(CALENDAR_24X7);
  });

  it('counts business seconds to the millisecond', () => {
    // Monday 2026-11-23, Berlin = UTC+1: 08:59:59.5 -> 09:00:30.25 local is 30.25 s of business time.
    const from = Date.parse('2026-11-23T07:59:59.500Z');
    expect(businessSecondsBetween({ ...office, holidays: [] }, from, Date.parse('2026-11-23T08:00:30.250Z'))).toBe(30.25);
    expect(businessSecondsBetween(CALENDAR_24X7, from, from + 90_000)).toBe(90);
  });
});
