import type { SignalEvent } from '@csp/customer-profile-domain';
import type { SimEvent } from '@csp/simulator';

/** How long after the customer's last message a stand-in ticket counts as solved. */
const SOLVED_AFTER_MS = 24 * 3_600_000;
/**
 * A keyword routing rule of the kind an operator would write for complaints (English and German). Tickets
 * that do not match count as other categories; angry messages about billing sometimes match: realistic noise.
 */
const COMPLAINT_WORDS = /complain|beschwer|poor experience|schlechte erfahrung|unhappy with how|rude|unfreundlich/i;

/**
 * The simulator sends only what connectors send; ticketing turns messages and calls into tickets. For the
 * evaluation this stand-in does the same for one customer's events: one ticket per thread (follow-up calls
 * join the last phone ticket, calls resolved on the spot open none), categorised by keywords, solved a day
 * after the last customer message. It emits no SLA events: the simulator has no agents, so the SLA signal
 * stays silent in the evaluation (see docs/customer-health.md).
 */
export function standInTicketEvents(events: readonly SimEvent[], customerId: string, cutOff: number): SignalEvent[] {
  const tickets = new Map<string, { n: number; first: SimEvent; last: number; complaint: boolean }>();
  let lastCall: string | undefined;
  for (const e of events) {
    let key: string | undefined;
    let text = '';
    if (e.type === 'cs.message.received.v1') {
      const d = e.data as { thread?: { externalId: string }; subject?: string; body: string };
      key = d.thread?.externalId ?? e.id;
      text = `${d.subject ?? ''} ${d.body}`;
    } else if (e.type === 'cs.call.completed.v1') {
      const d = e.data as { resolvedOnCall: boolean; summary?: string };
      if (d.resolvedOnCall) continue;
      key = d.summary?.startsWith('Follow-up call.') && lastCall ? lastCall : `call-${e.id}`;
      lastCall = key;
      text = d.summary ?? '';
    }
    if (key === undefined) continue;
    const known = tickets.get(key);
    if (known) known.last = Date.parse(e.time);
    else tickets.set(key, { n: tickets.size + 1, first: e, last: Date.parse(e.time), complaint: COMPLAINT_WORDS.test(text) });
  }
  return [...tickets.values()].flatMap(({ n, first, last, complaint }) => {
    const ticketId = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const opened: SignalEvent = {
      type: 'cs.ticket.opened.v1',
      time: first.time,
      data: { ticketId, customerId, category: complaint ? 'complaint' : 'general', openedAt: first.time },
    };
    const solvedAt = last + SOLVED_AFTER_MS;
    if (solvedAt > cutOff) return [opened];
    const at = new Date(solvedAt).toISOString();
    return [opened, { type: 'cs.ticket.status-changed.v1', time: at, data: { ticketId, customerId, from: 'open', to: 'solved', at } }];
  });
}
