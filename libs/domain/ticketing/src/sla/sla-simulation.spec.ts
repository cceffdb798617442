import { CALENDAR_24X7 } from '@csp/business-calendar';
import type { TicketEvent } from '../ticket/ticket.events';
import { simulateSla, type SimulatedTicket } from './sla-simulation';

const t0 = Date.parse('2026-11-23T09:00:00.000Z');
const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();
const ids = (n: number) => ({ ticketId: `00000000-0000-4000-8000-00000000000${n}`, customerId: '00000000-0000-4000-8000-0000000000c1' });

/** A ticket opened at 0, routed at once, first replied to after `replyAfter` minutes, solved after `solvedAfter`. */
function ticket(n: number, replyAfter: number, solvedAfter?: number, priority: 'normal' | 'high' = 'normal'): SimulatedTicket {
  const base = ids(n);
  const events: TicketEvent[] = [
    { type: 'cs.ticket.opened.v1', data: { ...base, number: n, channel: 'email', subject: 's', priority, openedBy: 'system', openedAt: at(0) } },
    { type: 'cs.ticket.routed.v1', data: { ...base, teamId: 'support', category: 'general', priority, requiredSkills: [], at: at(0) } },
    { type: 'cs.ticket.message-added.v1', data: { ...base, messageId: `r${n}`, author: 'agent', authorId: 'ada', public: true, body: 'hi', at: at(replyAfter) } },
  ];
  if (solvedAfter !== undefined) events.push({ type: 'cs.ticket.status-changed.v1', data: { ...base, from: 'open', to: 'solved', actor: { kind: 'user', id: 'ada' }, at: at(solvedAfter) } });
  return { ...base, openedAt: at(0), events };
}

describe('SLA simulation', () => {
  const tickets = [ticket(1, 30, 100), ticket(2, 90, 200), ticket(3, 10), ticket(4, 45, 500, 'high')];

  it('counts what candidate policies would have achieved and breached, breaching unstopped clocks at their due time', () => {
    const strict = { policies: [{ id: 'strict', when: {}, targets: { first_response: 40, resolution: 300 } }] };
    const outcome = simulateSla(tickets, strict, () => CALENDAR_24X7, new Date(t0 + 1_000 * 60_000));
    // first response: 30 ok, 90 late, 10 ok, 45 late; resolution: 100 ok, 200 ok, never solved -> breached at 300, 500 late.
    expect(outcome.first_response).toEqual({ achieved: 2, breached: 2, compliance: 0.5 });
    expect(outcome.resolution).toEqual({ achieved: 2, breached: 2, compliance: 0.5 });
    expect(outcome.all).toEqual({ achieved: 4, breached: 4, compliance: 0.5 });
  });

  it('applies the first matching policy per ticket, and leaves tickets without a policy out', () => {
    const byPriority = { policies: [{ id: 'high', when: { priority: ['high' as const] }, targets: { first_response: 60 } }] };
    const outcome = simulateSla(tickets, byPriority, () => CALENDAR_24X7, new Date(t0 + 1_000 * 60_000));
    expect(outcome.first_response).toEqual({ achieved: 1, breached: 0, compliance: 1 });
    expect(outcome.resolution.compliance).toBeNull();
  });

  it('does not breach a clock that is still running before its due time at the end of the period', () => {
    const outcome = simulateSla([ticket(5, 10)], { policies: [{ id: 'p', when: {}, targets: { resolution: 300 } }] }, () => CALENDAR_24X7, new Date(t0 + 200 * 60_000));
    expect(outcome.resolution).toEqual({ achieved: 0, breached: 0, compliance: null });
  });
});
