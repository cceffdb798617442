import type { TicketView } from '../ticket-view.entity';

/** `Ticket` of api.md, from the read model. */
export function toTicketDto(t: TicketView) {
  return {
    id: t.id, number: t.number, status: t.status, priority: t.priority, category: t.category, channel: t.channel,
    customerId: t.customerId, teamId: t.teamId, assigneeId: t.assigneeId, subject: t.subject,
    createdAt: t.createdAt.toISOString(), firstResponseAt: t.firstResponseAt?.toISOString() ?? null,
    solvedAt: t.solvedAt?.toISOString() ?? null, sla: t.sla ?? [], messages: t.messages,
  };
}

export type TicketDto = ReturnType<typeof toTicketDto>;
