import type {
  TicketAssignedData, TicketMergedData, TicketMessageAddedData, TicketOpenedData, TicketPriorityChangedData,
  TicketReopenedData, TicketRoutedData, TicketStatusChangedData, TicketUnassignedData,
} from '@csp/contracts';

/**
 * Events of the Ticket stream. They are the integration events of the contract (the decider emits exactly
 * what other services consume); a private event would be mapped to a contract event before publishing.
 */
export type TicketEvent =
  | { type: 'cs.ticket.opened.v1'; data: TicketOpenedData }
  | { type: 'cs.ticket.message-added.v1'; data: TicketMessageAddedData }
  | { type: 'cs.ticket.status-changed.v1'; data: TicketStatusChangedData }
  | { type: 'cs.ticket.reopened.v1'; data: TicketReopenedData }
  | { type: 'cs.ticket.priority-changed.v1'; data: TicketPriorityChangedData }
  | { type: 'cs.ticket.routed.v1'; data: TicketRoutedData }
  | { type: 'cs.ticket.assigned.v1'; data: TicketAssignedData }
  | { type: 'cs.ticket.unassigned.v1'; data: TicketUnassignedData }
  | { type: 'cs.ticket.merged.v1'; data: TicketMergedData };

export const TICKET_EVENT_TYPES: readonly TicketEvent['type'][] = [
  'cs.ticket.opened.v1', 'cs.ticket.message-added.v1', 'cs.ticket.status-changed.v1', 'cs.ticket.reopened.v1',
  'cs.ticket.priority-changed.v1', 'cs.ticket.routed.v1', 'cs.ticket.assigned.v1', 'cs.ticket.unassigned.v1',
  'cs.ticket.merged.v1',
];
