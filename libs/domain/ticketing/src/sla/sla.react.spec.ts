import { CALENDAR_24X7, type BusinessCalendar } from '@csp/business-calendar';
import type { SlaPolicy } from '../documents/sla-policies.document';
import type { TicketEvent } from '../ticket/ticket.events';
import type { SlaEvent } from './sla.events';
import { slaDeadlines, slaOnDeadline, slaOnTicketEvent, type SlaContext } from './sla.react';
import { evolveSla, type SlaClocks } from './sla.state';

const t0 = '2026-11-23T09:00:00.000Z'; // a Monday
const at = (minutes: number) => new Date(Date.parse(t0) + minutes * 60_000);
const ids = { ticketId: '00000000-0000-4000-8000-000000000001', customerId: '00000000-0000-4000-8000-0000000000c1' };
const policy: SlaPolicy = { id: 'normal', when: {}, targets: { first_response: 60, next_response: 30, resolution: 480 }, warnBeforeMinutes: 10, onBreach: { notifyLead: true } };
const office: BusinessCalendar = { id: 'office', timezone: 'UTC', weeklyHours: { mon: [{ start: '09:00', end: '17:00' }], tue: [{ start: '09:00', end: '17:00' }] }, holidays: [] };

/** Runs ticket events through the SLA rules, folding the SLA events they produce, and returns all of them. */
function run(events: [number, TicketEvent][], calendar: BusinessCalendar = CALENDAR_24X7, p: SlaPolicy = policy): { produced: SlaEvent[]; clocks: SlaClocks } {
  let clocks: SlaClocks = {};
  const produced: SlaEvent[] = [];
  for (const [minute, event] of events) {
    const ctx: SlaContext = { ticket: { ...ids, openedAt: t0, assigneeId: 'ada', teamId: 'support' }, clocks, policy: p, calendar, now: at(minute) };
    for (const e of slaOnTicketEvent(ctx, event)) {
      produced.push(e);
      clocks = evolveSla(clocks, e);
    }
  }
  return { produced, clocks };
}
const routed = (m: number): [number, TicketEvent] => [m, { type: 'cs.ticket.routed.v1', data: { ...ids, teamId: 'support', category: 'general', priority: 'normal', requiredSkills: [], at: at(m).toISOString() } }];
const reply = (m: number, author: 'agent' | 'customer' = 'agent', isPublic = true): [number, TicketEvent] => [
  m, { type: 'cs.ticket.message-added.v1', data: { ...ids, messageId: `m${m}`, author, authorId: author === 'agent' ? 'ada' : ids.customerId, public: isPublic, body: 'x', at: at(m).toISOString() } },
];
const status = (m: number, from: string, to: string): [number, TicketEvent] => [m, { type: 'cs.ticket.status-changed.v1', data: { ...ids, from: from as never, to: to as never, actor: { kind: 'user', id: 'ada' }, at: at(m).toISOString() } }];

describe('SLA clocks', () => {
  it('start at the opening when the ticket is routed, due after the target in business minutes', () => {
    const { produced } = run([routed(2)]);
    expect(produced.map((e) => [e.type, e.data.target, (e.data as { dueAt: string }).dueAt])).toEqual([
      ['cs.sla.activated.v1', 'first_response', at(60).toISOString()],
      ['cs.sla.activated.v1', 'resolution', at(480).toISOString()],
    ]);
    const late = run([routed(2)], office, { ...policy, targets: { resolution: 600 } }).produced;
    expect((late[0].data as { dueAt: string }).dueAt).toBe('2026-11-24T11:00:00.000Z'); // 8 h Monday + 2 h Tuesday
  });

  it('achieve the first response with a public reply of a person, not with an internal note', () => {
    const { produced, clocks } = run([routed(0), reply(10, 'agent', false), reply(20)]);
    expect(produced.filter((e) => e.type === 'cs.sla.achieved.v1').map((e) => [e.data.target, (e.data as { businessMinutes: number }).businessMinutes])).toEqual([['first_response', 20]]);
    expect(clocks.first_response?.state).toBe('achieved');
  });

  it('start a next-response clock when the customer writes after a reply', () => {
    const { produced } = run([routed(0), reply(20), reply(40, 'customer'), reply(55)]);
    expect(produced.slice(-2).map((e) => [e.type, e.data.target])).toEqual([['cs.sla.activated.v1', 'next_response'], ['cs.sla.achieved.v1', 'next_response']]);
  });

  it('pause while pending and resume with the due time moved by the pause', () => {
    const { produced, clocks } = run([routed(0), status(30, 'open', 'pending'), status(90, 'pending', 'open')]);
    expect(produced.filter((e) => e.type === 'cs.sla.paused.v1').map((e) => [e.data.target, (e.data as { businessMinutes: number }).businessMinutes])).toEqual([['first_response', 30], ['resolution', 30]]);
    expect(clocks.first_response?.dueAt).toBe(at(120).toISOString());
    expect(clocks.resolution?.dueAt).toBe(at(540).toISOString());
  });

  it('are achieved when the ticket is solved in time, breached when solved after the due time', () => {
    expect(run([routed(0), reply(10), status(400, 'open', 'solved')]).produced.at(-1)).toMatchObject({ type: 'cs.sla.achieved.v1', data: { target: 'resolution', businessMinutes: 400, agentId: 'ada' } });
    expect(run([routed(0), reply(10), status(500, 'open', 'solved')]).produced.at(-1)).toMatchObject({ type: 'cs.sla.breached.v1', data: { target: 'resolution' } });
  });

  it('warn once before the due time and breach at it, only while the clock runs', () => {
    const { clocks } = run([routed(0)]);
    const ctx = (minute: number, c = clocks): SlaContext => ({ ticket: { ...ids, openedAt: t0, assigneeId: 'ada', teamId: 'support' }, clocks: c, policy, calendar: CALENDAR_24X7, now: at(minute) });
    expect(slaDeadlines(ctx(0)).map((d) => [d.target, d.kind, d.at.toISOString()])).toEqual([
      ['first_response', 'warn', at(50).toISOString()], ['first_response', 'breach', at(60).toISOString()],
      ['resolution', 'warn', at(470).toISOString()], ['resolution', 'breach', at(480).toISOString()],
    ]);
    const [warned] = slaOnDeadline(ctx(50), 'first_response', 'warn');
    expect(warned).toMatchObject({ type: 'cs.sla.warned.v1', data: { businessMinutesLeft: 10, agentId: 'ada', teamId: 'support' } });
    const afterWarn = evolveSla(clocks, warned);
    expect(slaOnDeadline(ctx(51, afterWarn), 'first_response', 'warn')).toEqual([]);
    expect(slaOnDeadline(ctx(59, afterWarn), 'first_response', 'breach')).toEqual([]); // not due yet (the clock moved)
    expect(slaOnDeadline(ctx(60, afterWarn), 'first_response', 'breach')).toMatchObject([{ type: 'cs.sla.breached.v1', data: { businessMinutes: 60 } }]);
    const achieved = run([routed(0), reply(10)]).clocks;
    expect(slaOnDeadline(ctx(60, achieved), 'first_response', 'breach')).toEqual([]);
    expect(slaDeadlines(ctx(60, achieved)).map((d) => d.target)).toEqual(['resolution', 'resolution']);
  });

  it('do nothing without a policy', () => {
    const ctx: SlaContext = { ticket: { ...ids, openedAt: t0 }, clocks: {}, calendar: CALENDAR_24X7, now: at(0) };
    expect(slaOnTicketEvent(ctx, routed(0)[1])).toEqual([]);
  });
});
