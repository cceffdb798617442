import type { SimEvent } from '@csp/simulator';
import { standInTicketEvents } from './ticketing-stand-in';

const at = (h: number) => new Date(Date.UTC(2025, 2, 1) + h * 3_600_000).toISOString();
let n = 0;
const message = (h: number, thread: string, subject: string): SimEvent =>
  ({ specversion: '1.0', id: `m${++n}`, source: '/connectors/helpdesk-mail', type: 'cs.message.received.v1', time: at(h), data: { channel: 'email', customer: { email: 'a@example.com' }, thread: { externalId: thread }, subject, body: 'text' } }) as SimEvent;
const call = (h: number, summary: string, resolvedOnCall = false): SimEvent =>
  ({ specversion: '1.0', id: `c${++n}`, source: '/connectors/phone', type: 'cs.call.completed.v1', time: at(h), data: { customer: { phone: '+442070000000' }, direction: 'inbound', durationSeconds: 60, summary, resolvedOnCall } }) as SimEvent;

describe('standInTicketEvents', () => {
  it('opens one ticket per thread, categorises complaints by keywords, solves a day after the last message', () => {
    const events = [message(0, 't1', 'Complaint about your service'), message(5, 't1', 'Re: still waiting'), message(10, 't2', 'Invoice question')];
    const tickets = standInTicketEvents(events, 'cust', Date.parse(at(100)));
    expect(tickets.map((e) => [e.type, e.time, (e.data as { category?: string }).category])).toEqual([
      ['cs.ticket.opened.v1', at(0), 'complaint'],
      ['cs.ticket.status-changed.v1', at(29), undefined],
      ['cs.ticket.opened.v1', at(10), 'general'],
      ['cs.ticket.status-changed.v1', at(34), undefined],
    ]);
  });

  it('joins follow-up calls to the last phone ticket, skips calls resolved on the spot, leaves late tickets open', () => {
    const events = [call(0, 'Asked about stock.', true), call(1, 'Caller unhappy about a previous call.'), call(20, 'Follow-up call. Still waiting.')];
    const tickets = standInTicketEvents(events, 'cust', Date.parse(at(30)));
    expect(tickets.map((e) => e.type)).toEqual(['cs.ticket.opened.v1']);
  });
});
