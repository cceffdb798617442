import { type TicketMessageAddedData, type TicketOpenedData, Topics } from '@csp/contracts';
import type { Projection } from '@csp/projections';
import { TicketView } from './ticket-view.entity';

/** Projects the ticket stream into the `tickets` read model (details, lists, queues). */
export const ticketViewProjection: Projection = {
  name: 'ticketing.ticket-view',
  topics: [Topics.ticketing],
  types: ['cs.ticket.opened.v1', 'cs.ticket.message-added.v1'],
  async apply(event, manager) {
    const repo = manager.getRepository(TicketView);
    const revision = event.revision ?? '0';
    if (event.type === 'cs.ticket.opened.v1') {
      const d = event.data as TicketOpenedData;
      await repo.upsert(
        {
          id: d.ticketId, number: d.number, status: 'open', priority: d.priority, category: d.category ?? null,
          channel: d.channel, customerId: d.customerId, teamId: d.teamId ?? null, assigneeId: null, subject: d.subject,
          createdAt: new Date(d.openedAt), firstResponseAt: null, solvedAt: null, revision, messages: [],
        },
        ['id'],
      );
    } else {
      const d = event.data as TicketMessageAddedData;
      const ticket = await repo.findOneBy({ id: d.ticketId });
      if (!ticket || ticket.messages.some((m) => m.id === d.messageId)) return;
      ticket.messages = [...ticket.messages, { id: d.messageId, author: d.author, public: d.public, body: d.body, at: d.at }];
      ticket.revision = revision;
      await repo.save(ticket);
    }
  },
};

