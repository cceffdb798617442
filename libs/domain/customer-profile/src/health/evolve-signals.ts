import type {
  SurveyAnsweredData, TicketMergedData, TicketOpenedData, TicketRoutedData, TicketStatusChangedData,
} from '@csp/contracts';
import { DAY_MS, SIGNAL_HISTORY_DAYS, SIGNAL_LIST_LIMIT, SURVEY_POINTS_KEPT, type HealthSignals, type SurveyPoint } from './health-signals';

/** The part of an event (public CloudEvent or integration event) the signals need; `time` is when it happened. */
export interface SignalEvent {
  type: string;
  time?: string;
  data: unknown;
}

const VISITS = new Set(['cs.page.viewed.v1', 'cs.product.viewed.v1', 'cs.cart.abandoned.v1']);
const DONE = new Set(['solved', 'closed']);

/**
 * The customer's health signals after `event` (already attributed to the customer). Pure: returns a new
 * object, or the same one when the event says nothing about health. Events may arrive late: lists stay in
 * time order, and entries older than SIGNAL_HISTORY_DAYS before the newest one are dropped.
 */
export function evolveSignals(signals: HealthSignals, event: SignalEvent): HealthSignals {
  const data = event.data as Record<string, unknown>;
  const at = Date.parse(event.time ?? String(data['at'] ?? data['openedAt'] ?? ''));
  if (Number.isNaN(at)) return signals;
  if (VISITS.has(event.type)) return { ...signals, lastVisitAt: Math.max(signals.lastVisitAt ?? at, at) };
  switch (event.type) {
    case 'cs.order.placed.v1':
      return { ...signals, ordersAt: addTime(signals.ordersAt, at) };
    case 'cs.order.refunded.v1':
      return { ...signals, refundsAt: addTime(signals.refundsAt, at) };
    case 'cs.survey.answered.v1':
      return survey(signals, data as unknown as SurveyAnsweredData, at);
    case 'cs.ticket.opened.v1': {
      const d = data as unknown as TicketOpenedData;
      const next = { ...signals, ticketsOpenedAt: addTime(signals.ticketsOpenedAt, at), openTickets: withId(signals.openTickets, d.ticketId) };
      return d.category === undefined ? next : categorised(next, d.ticketId, d.category, at);
    }
    case 'cs.ticket.routed.v1': {
      const d = data as unknown as TicketRoutedData;
      return categorised(signals, d.ticketId, d.category, at);
    }
    case 'cs.ticket.status-changed.v1': {
      const d = data as unknown as TicketStatusChangedData;
      const openTickets = DONE.has(d.to) ? signals.openTickets.filter((id) => id !== d.ticketId) : withId(signals.openTickets, d.ticketId);
      return { ...signals, openTickets };
    }
    case 'cs.ticket.merged.v1': {
      // A duplicate folded into another ticket: no longer open, and not a second complaint.
      const { ticketId } = data as unknown as TicketMergedData;
      return { ...signals, openTickets: signals.openTickets.filter((id) => id !== ticketId), complaints: signals.complaints.filter((c) => c.ticketId !== ticketId) };
    }
    case 'cs.sla.breached.v1':
      return { ...signals, slaBreachesAt: addTime(signals.slaBreachesAt, at) };
    default:
      return signals;
  }
}

function survey(signals: HealthSignals, d: SurveyAnsweredData, at: number): HealthSignals {
  if (d.kind === 'ces') return signals;
  const point: SurveyPoint = { at, score: d.score };
  // Ties broken by score, so two answers of the same instant keep one order whatever order they arrived in.
  const add = (list: SurveyPoint[]) => [...list, point].sort((a, b) => a.at - b.at || a.score - b.score).slice(-SURVEY_POINTS_KEPT);
  return d.kind === 'csat' ? { ...signals, csat: add(signals.csat) } : { ...signals, nps: add(signals.nps) };
}

/** A complaint counts once per ticket; re-routing it elsewhere takes it back. */
function categorised(signals: HealthSignals, ticketId: string, category: string, at: number): HealthSignals {
  const known = signals.complaints.some((c) => c.ticketId === ticketId);
  if (category === 'complaint' && !known) {
    // From the newest complaint known, not this one: an old complaint arriving late must not bring back what a
    // newer one already pushed out (the same result in any arrival order, as a fold in time order gives).
    const horizon = Math.max(at, ...signals.complaints.map((c) => c.at)) - SIGNAL_HISTORY_DAYS * DAY_MS;
    const complaints = [...signals.complaints, { ticketId, at }].filter((c) => c.at > horizon).sort((a, b) => a.at - b.at || (a.ticketId < b.ticketId ? -1 : 1)).slice(-SIGNAL_LIST_LIMIT);
    return { ...signals, complaints };
  }
  if (category !== 'complaint' && known) return { ...signals, complaints: signals.complaints.filter((c) => c.ticketId !== ticketId) };
  return signals;
}

function addTime(times: readonly number[], at: number): number[] {
  const newest = Math.max(at, times[times.length - 1] ?? at);
  const horizon = newest - SIGNAL_HISTORY_DAYS * DAY_MS;
  return [...times, at].filter((t) => t > horizon).sort((a, b) => a - b).slice(-SIGNAL_LIST_LIMIT);
}

/** Sorted by id, so the list does not depend on the order the tickets' events arrived in. */
function withId(ids: readonly string[], id: string): string[] {
  return [...new Set([...ids, id])].sort().slice(-SIGNAL_LIST_LIMIT);
}
