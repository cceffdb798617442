import type { TicketStatus } from './ticket.types';
import type { TicketEvent } from './ticket.events';

export type TicketState =
  | { status: 'none' }
  | { status: TicketStatus; ticketId: string; number: number; customerId: string; messages: number };

export const initialTicketState = (): TicketState => ({ status: 'none' });

export function evolveTicket(state: TicketState, event: TicketEvent): TicketState {
  switch (event.type) {
    case 'cs.ticket.opened.v1':
      return { status: 'open', ticketId: event.data.ticketId, number: event.data.number, customerId: event.data.customerId, messages: 0 };
    case 'cs.ticket.message-added.v1':
      return state.status === 'none' ? state : { ...state, messages: state.messages + 1 };
  }
}
