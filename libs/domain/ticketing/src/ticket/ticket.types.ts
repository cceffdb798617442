export type TicketStatus = 'open' | 'pending' | 'on_hold' | 'solved' | 'closed';
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';

/** Statuses in which someone still works the ticket (it counts against its assignee's capacity). */
export const WORKING_STATUSES: readonly TicketStatus[] = ['open', 'pending', 'on_hold'];

/** One step up, at most urgent (SLA escalations, time rules). */
export function raisedPriority(priority: TicketPriority): TicketPriority {
  return priority === 'low' ? 'normal' : priority === 'normal' ? 'high' : 'urgent';
}
