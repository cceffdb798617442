import { type TicketMessageAddedData, type TicketOpenedData, Topics } from '@csp/contracts';
import type { Projection } from '@csp/projections';
import { SLA_EVENT_TYPES, type SlaEvent, TICKET_EVENT_TYPES, type TicketEvent } from '@csp/ticketing-domain';
import { ERASED, erasedAfter } from './erasure/erased-customers';
import { type TicketSlaView, TicketView } from './ticket-view.entity';

/** Projects the ticket stream into the `tickets` read model (details, lists, queues). */
export const ticketViewProjection: Projection = {
  name: 'ticketing.ticket-view',
  topics: [Topics.ticketing],
  types: [...TICKET_EVENT_TYPES, ...SLA_EVENT_TYPES],
  async apply(event, manager) {
    const repo = manager.getRepository(TicketView);
    const revision = event.revision ?? '0';
    if (event.type === 'cs.ticket.opened.v1') {
      const d = event.data as TicketOpenedData;
      await repo.upsert(
        {
          id: d.ticketId, number: d.number, status: 'open', priority: d.priority, category: d.category ?? null,
          channel: d.channel, customerId: d.customerId, teamId: d.teamId ?? null, assigneeId: null,
          subject: (await erasedAfter(manager, d.customerId, d.openedAt)) ? ERASED : d.subject,
          createdAt: new Date(d.openedAt), firstResponseAt: null, solvedAt: null, revision, messages: [], sla: [],
        },
        ['id'],
      );
      return;
    }
    const e = { type: event.type, data: event.data } as TicketEvent | SlaEvent;
    const isSla = (SLA_EVENT_TYPES as readonly string[]).includes(e.type);
    // Locked: an erasure of the customer (CustomerErasureProcess) either waits for this or is seen by it.
    const ticket = await repo.findOne({ where: { id: (e.data as { ticketId: string }).ticketId }, lock: { mode: 'pessimistic_write' } });
    // Events of a ticket arrive in stream order; an older revision is a redelivery.
    if (!ticket || BigInt(ticket.revision) >= BigInt(revision)) return;
    if (isSla) applySla(ticket, e as SlaEvent);
    else applyToView(ticket, e as TicketEvent);
    if (e.type === 'cs.ticket.message-added.v1' && (await erasedAfter(manager, ticket.customerId, e.data.at))) {
      ticket.messages = ticket.messages.map((m) => ({ ...m, body: ERASED }));
    }
    ticket.revision = revision;
    // An UPDATE of what events change; `save` would SELECT the row again first to find the changes.
    const { status, priority, category, teamId, assigneeId, firstResponseAt, solvedAt, messages, sla } = ticket;
    await repo.update(ticket.id, { status, priority, category, teamId, assigneeId, firstResponseAt, solvedAt, revision, messages, sla });
  },
};

function applyToView(ticket: TicketView, e: TicketEvent): void {
  switch (e.type) {
    case 'cs.ticket.message-added.v1': {
      const d: TicketMessageAddedData = e.data;
      if (ticket.messages.some((m) => m.id === d.messageId)) return;
      ticket.messages = [...ticket.messages, { id: d.messageId, author: d.author, public: d.public, body: d.body, at: d.at }];
      // First response: the first public reply of a person (automatic messages do not count).
      if (d.author === 'agent' && d.public && !ticket.firstResponseAt) ticket.firstResponseAt = new Date(d.at);
      return;
    }
    case 'cs.ticket.status-changed.v1':
      ticket.status = e.data.to;
      if (e.data.to === 'solved') ticket.solvedAt = new Date(e.data.at);
      else if (e.data.to !== 'closed') ticket.solvedAt = null;
      return;
    case 'cs.ticket.priority-changed.v1':
      ticket.priority = e.data.to;
      return;
    case 'cs.ticket.routed.v1':
      Object.assign(ticket, { teamId: e.data.teamId, category: e.data.category, priority: e.data.priority });
      return;
    case 'cs.ticket.assigned.v1':
      Object.assign(ticket, { assigneeId: e.data.agentId, teamId: e.data.teamId });
      return;
    case 'cs.ticket.unassigned.v1':
      Object.assign(ticket, { assigneeId: null, teamId: e.data.teamId });
      return;
    case 'cs.ticket.reopened.v1':
    case 'cs.ticket.merged.v1':
    case 'cs.ticket.opened.v1':
      return; // the status change beside them says what the view needs
  }
}

/** The ticket's SLA state per target, as `Ticket.sla` of api.md shows it. */
function applySla(ticket: TicketView, e: SlaEvent): void {
  const sla = [...(ticket.sla ?? [])];
  const i = sla.findIndex((s) => s.target === e.data.target);
  const current: TicketSlaView = i >= 0 ? sla[i] : { target: e.data.target, dueAt: null, state: 'active', warnedAt: null };
  const next: TicketSlaView = (() => {
    switch (e.type) {
      case 'cs.sla.activated.v1':
        return { target: e.data.target, dueAt: e.data.dueAt, state: 'active', warnedAt: null };
      case 'cs.sla.paused.v1':
        return { ...current, state: 'paused', dueAt: null };
      case 'cs.sla.resumed.v1':
        return { ...current, state: 'active', dueAt: e.data.dueAt };
      case 'cs.sla.warned.v1':
        return { ...current, warnedAt: e.data.at };
      case 'cs.sla.achieved.v1':
        return { ...current, state: 'achieved' };
      case 'cs.sla.breached.v1':
        return { ...current, state: 'breached' };
    }
  })();
  if (i >= 0) sla[i] = next;
  else sla.push(next);
  ticket.sla = sla;
}
