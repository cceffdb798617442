import { assessHealth, type HealthAssessment } from './assess-health';
import { evolveSignals, type SignalEvent } from './evolve-signals';
import { DAY_MS, initialSignals, type HealthSignals } from './health-signals';

/** Fixed "now" of the specs; event times are given in days before it. */
export const NOW = Date.UTC(2026, 5, 30, 12);
const ago = (days: number) => new Date(NOW - days * DAY_MS).toISOString();
const customerId = '4d2f3e1a-0c9b-4f6e-8a7d-1b2c3d4e5f60';
const ticketId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const ev = {
  order: (daysAgo: number): SignalEvent => ({ type: 'cs.order.placed.v1', time: ago(daysAgo), data: { customer: {}, orderId: `o-${daysAgo}`, amount: 10, currency: 'EUR' } }),
  refund: (daysAgo: number): SignalEvent => ({ type: 'cs.order.refunded.v1', time: ago(daysAgo), data: { customer: {}, orderId: `o-${daysAgo}`, amount: 10, currency: 'EUR' } }),
  visit: (daysAgo: number): SignalEvent => ({ type: 'cs.page.viewed.v1', time: ago(daysAgo), data: { customer: {}, url: 'https://shop.example.com/' } }),
  csat: (daysAgo: number, score: number): SignalEvent => ({ type: 'cs.survey.answered.v1', time: ago(daysAgo), data: { customer: {}, kind: 'csat', score } }),
  nps: (daysAgo: number, score: number): SignalEvent => ({ type: 'cs.survey.answered.v1', time: ago(daysAgo), data: { customer: {}, kind: 'nps', score } }),
  ces: (daysAgo: number, score: number): SignalEvent => ({ type: 'cs.survey.answered.v1', time: ago(daysAgo), data: { customer: {}, kind: 'ces', score } }),
  ticket: (n: number, daysAgo: number, category?: string): SignalEvent => ({
    type: 'cs.ticket.opened.v1',
    data: { ticketId: ticketId(n), number: n, customerId, channel: 'email', subject: 's', priority: 'normal', openedBy: 'system', openedAt: ago(daysAgo), ...(category ? { category } : {}) },
  }),
  routed: (n: number, daysAgo: number, category: string): SignalEvent => ({
    type: 'cs.ticket.routed.v1',
    data: { ticketId: ticketId(n), customerId, teamId: 't', category, priority: 'normal', requiredSkills: [], at: ago(daysAgo) },
  }),
  status: (n: number, daysAgo: number, to: string): SignalEvent => ({
    type: 'cs.ticket.status-changed.v1',
    data: { ticketId: ticketId(n), customerId, from: 'open', to, actor: { type: 'user', id: 'a' }, at: ago(daysAgo) },
  }),
  breach: (n: number, daysAgo: number): SignalEvent => ({
    type: 'cs.sla.breached.v1',
    data: { ticketId: ticketId(n), customerId, target: 'first_response', policyId: 'p', dueAt: ago(daysAgo), businessMinutes: 60, at: ago(daysAgo) },
  }),
};

/** Given these events (in any order), the customer's signals. */
export const given = (...events: SignalEvent[]): HealthSignals => events.reduce(evolveSignals, initialSignals());
/** Given these events, the assessment at NOW. */
export const assessed = (...events: SignalEvent[]): HealthAssessment => assessHealth(given(...events), NOW);
/** A loyal, content customer: orders every ~3 weeks, visits, a good survey answer. */
export const loyal = (): SignalEvent[] => [ev.order(70), ev.order(49), ev.order(28), ev.order(7), ev.visit(2), ev.csat(40, 5), ev.ticket(90, 40), ev.status(90, 39, 'solved')];
