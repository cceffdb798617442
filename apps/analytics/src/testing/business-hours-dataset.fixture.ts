import type { BusMessage } from '@csp/message-bus';
import { BusEvents } from './bus-events.fixture';

const weekdays = (start: string, end: string) => Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start, end }]]));

/**
 * The business-hours dataset (period 2026-11-01 .. 2026-12-01). Berlin is UTC+1 all month (CET).
 * Calendars, version 1 (stored 11-01): `berlin-office` (the first, so the default) Mon-Fri 09:00-18:00
 *   Europe/Berlin, holiday 2026-11-26 (Thu); `weekend-desk` Sat-Sun 10:00-14:00 Europe/Berlin.
 *   Version 2 (stored 11-28): `berlin-office` becomes 08:00-18:00. Version 3 (stored 12-01): 10:00-18:00.
 *   All three are delivered first, before any ticket: the version used is chosen by the ticket's creation time.
 * B1 no SLA clock (default calendar, v1): opened Fri 11-20 17:30, reply Mon 11-23 09:30, solved 10:00,
 *    reopened, solved again Mon 17:00 (Berlin times).
 * B2 SLA clock on berlin-office: opened Wed 11-25 17:00, reply Fri 11-27 10:00 (Thu 11-26 a holiday).
 * B3 SLA clock of a policy without calendar (24x7): opened Sat 11-21 10:00Z, reply 13:00Z.
 * B4 SLA clock on weekend-desk: opened Sun 11-22 12:00 Berlin, reply 13:30 Berlin.
 * B5 no SLA clock, created after version 2 (default berlin-office 08:00-18:00): opened Mon 11-30 08:30 Berlin,
 *    reply 09:30, solved 12:00.
 * A system acknowledgement and an internal note on B1 are never replies.
 */
export function businessHoursDataset(): { batches: BusMessage[][]; ids: Record<string, string> } {
  const bus = new BusEvents();
  const ids: Record<string, string> = {};
  for (const t of ['B1', 'B2', 'B3', 'B4', 'B5']) ids[t] = crypto.randomUUID();
  const customerId = crypto.randomUUID();
  let number = 0;
  const open = (t: string, openedAt: string) =>
    bus.ticket('cs.ticket.opened.v1', ids[t], { number: ++number, customerId, channel: 'email', subject: 's', priority: 'normal', openedBy: 'system', openedAt });
  const msg = (t: string, author: string, isPublic: boolean, at: string) =>
    bus.ticket('cs.ticket.message-added.v1', ids[t], { customerId, messageId: crypto.randomUUID(), author, authorId: 'x', public: isPublic, body: 'b', at });
  const status = (t: string, from: string, to: string, at: string) =>
    bus.ticket('cs.ticket.status-changed.v1', ids[t], { customerId, from, to, actor: { kind: 'system' }, at });
  const activate = (t: string, at: string, calendarId?: string) =>
    bus.ticket('cs.sla.activated.v1', ids[t], { customerId, target: 'first_response', policyId: 'p', targetMinutes: 60, dueAt: at, at, ...(calendarId ? { calendarId } : {}) });
  const office = (start: string, holidays: string[] = ['2026-11-26']) => ({ id: 'berlin-office', timezone: 'Europe/Berlin', weeklyHours: weekdays(start, '18:00'), holidays });
  const weekend = { id: 'weekend-desk', timezone: 'Europe/Berlin', weeklyHours: { sat: [{ start: '10:00', end: '14:00' }], sun: [{ start: '10:00', end: '14:00' }] } };

  const configs = [
    bus.config('calendars', 1, { calendars: [office('09:00'), weekend] }, '2026-11-01T00:00:00Z'),
    bus.config('sla-policies', 1, { policies: [] }, '2026-11-01T00:00:00Z'),
    bus.config('calendars', 2, { calendars: [office('08:00'), weekend] }, '2026-11-28T00:00:00Z'),
    bus.config('calendars', 3, { calendars: [office('10:00'), weekend] }, '2026-12-01T00:00:00Z'),
  ];
  const tickets = [
    open('B1', '2026-11-20T16:30:00Z'),
    msg('B1', 'system', true, '2026-11-20T16:30:01Z'),
    msg('B1', 'agent', false, '2026-11-20T16:45:00Z'),
    open('B3', '2026-11-21T10:00:00Z'),
    activate('B3', '2026-11-21T10:00:00Z'),
    open('B4', '2026-11-22T11:00:00Z'),
    activate('B4', '2026-11-22T11:00:00Z', 'weekend-desk'),
    msg('B3', 'agent', true, '2026-11-21T13:00:00Z'),
    msg('B4', 'agent', true, '2026-11-22T12:30:00Z'),
    msg('B1', 'agent', true, '2026-11-23T08:30:00Z'),
    status('B1', 'open', 'solved', '2026-11-23T09:00:00Z'),
    bus.ticket('cs.ticket.reopened.v1', ids['B1'], { customerId, previousSolvedAt: '2026-11-23T09:00:00Z', reopenCount: 1, by: 'customer', actor: { kind: 'system' }, at: '2026-11-23T12:00:00Z' }),
    status('B1', 'solved', 'open', '2026-11-23T12:00:00Z'),
    status('B1', 'open', 'solved', '2026-11-23T16:00:00Z'),
  ];
  const later = [
    open('B2', '2026-11-25T16:00:00Z'),
    activate('B2', '2026-11-25T16:00:00Z', 'berlin-office'),
    msg('B2', 'agent', true, '2026-11-27T09:00:00Z'),
    open('B5', '2026-11-30T07:30:00Z'),
    msg('B5', 'agent', true, '2026-11-30T08:30:00Z'),
    status('B5', 'open', 'solved', '2026-11-30T11:00:00Z'),
  ];
  return { batches: [configs, tickets, later], ids };
}
