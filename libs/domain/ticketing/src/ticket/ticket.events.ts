import type { TicketMessageAddedData, TicketOpenedData } from '@csp/contracts';

/**
 * Events of the Ticket stream. For now they are the integration events of the contract (the decider emits
 * exactly what other services consume); a private event would be mapped to a contract event before publishing.
 */
export type TicketEvent =
  | { type: 'cs.ticket.opened.v1'; data: TicketOpenedData }
  | { type: 'cs.ticket.message-added.v1'; data: TicketMessageAddedData };
