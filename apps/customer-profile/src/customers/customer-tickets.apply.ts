import type { TicketOpenedData, TicketStatusChangedData } from '@csp/contracts';
import type { DeliveredEvent } from '@csp/message-bus';
import type { EntityManager } from 'typeorm';

/** Ticket events that belong on the customer's timeline (the rest only update the ticket list); routing says complaint. */
export const ON_TIMELINE = new Set(['cs.ticket.opened.v1', 'cs.ticket.routed.v1', 'cs.ticket.status-changed.v1', 'cs.ticket.reopened.v1', 'cs.ticket.merged.v1', 'cs.sla.breached.v1', 'cs.survey.requested.v1']);

/**
 * The customer's tickets. A status only moves forward in time (a late, older status change is ignored), so a
 * redelivered or late event leaves the row as it was. Returns the customer id the event names, for the
 * timeline, when it belongs there.
 */
export async function applyTicketEvent(event: DeliveredEvent, manager: EntityManager): Promise<string | undefined> {
  const data = event.data as { ticketId?: string; customerId?: string; category?: string };
  if (event.type === 'cs.ticket.opened.v1') {
    const d = event.data as TicketOpenedData;
    await manager.query(
      `INSERT INTO customer_tickets (ticket_id, customer_id, number, status, status_at, category, channel, subject, opened_at)
       VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $4) ON CONFLICT (ticket_id) DO NOTHING`,
      [d.ticketId, d.customerId, d.number, d.openedAt, d.category ?? null, d.channel, d.subject],
    );
  } else if (event.type === 'cs.ticket.status-changed.v1') {
    const d = event.data as TicketStatusChangedData;
    await manager.query(
      `UPDATE customer_tickets SET status = $2, status_at = $3, solved_at = CASE WHEN $2 = 'solved' THEN $3::timestamptz WHEN $2 = 'closed' THEN COALESCE(solved_at, $3::timestamptz) ELSE solved_at END
       WHERE ticket_id = $1 AND status_at <= $3`,
      [d.ticketId, d.to, d.at],
    );
  } else if (event.type === 'cs.ticket.routed.v1' && data.ticketId && data.category) {
    await manager.query('UPDATE customer_tickets SET category = $2 WHERE ticket_id = $1', [data.ticketId, data.category]);
  }
  if (!ON_TIMELINE.has(event.type) || !data.customerId) return undefined;
  return data.customerId;
}
