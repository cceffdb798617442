import type { TicketEvent } from './ticket.events';
import type { TicketPriority, TicketStatus } from './ticket.types';

export interface OpenedTicket {
  status: TicketStatus;
  ticketId: string;
  number: number;
  customerId: string;
  channel: string;
  priority: TicketPriority;
  category?: string;
  teamId?: string;
  assigneeId?: string;
  requiredSkills: string[];
  threadId?: string;
  solvedAt?: string;
  reopenCount: number;
  mergedInto?: string;
  messageIds: string[];
}

export type TicketState = { status: 'none' } | OpenedTicket;

export const initialTicketState = (): TicketState => ({ status: 'none' });

export function evolveTicket(state: TicketState, event: TicketEvent): TicketState {
  if (event.type === 'cs.ticket.opened.v1') {
    const d = event.data;
    return {
      status: 'open', ticketId: d.ticketId, number: d.number, customerId: d.customerId, channel: d.channel, priority: d.priority,
      category: d.category, teamId: d.teamId, requiredSkills: [], threadId: d.threadId, reopenCount: 0, messageIds: [],
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'cs.ticket.message-added.v1':
      return { ...state, messageIds: [...state.messageIds, event.data.messageId] };
    case 'cs.ticket.status-changed.v1': {
      const solvedAt = event.data.to === 'solved' ? event.data.at : event.data.to === 'closed' ? state.solvedAt : undefined;
      return { ...state, status: event.data.to, solvedAt };
    }
    case 'cs.ticket.reopened.v1':
      return { ...state, reopenCount: event.data.reopenCount };
    case 'cs.ticket.priority-changed.v1':
      return { ...state, priority: event.data.to };
    case 'cs.ticket.routed.v1': {
      const d = event.data;
      return { ...state, teamId: d.teamId, category: d.category, priority: d.priority, requiredSkills: d.requiredSkills };
    }
    case 'cs.ticket.assigned.v1':
      return { ...state, assigneeId: event.data.agentId, teamId: event.data.teamId };
    case 'cs.ticket.unassigned.v1':
      return { ...state, assigneeId: undefined, teamId: event.data.teamId };
    case 'cs.ticket.merged.v1':
      return { ...state, mergedInto: event.data.intoTicketId };
  }
}
