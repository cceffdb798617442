import { type TicketMessageAddedData, type TicketOpenedData, Topics } from '@csp/contracts';
import type { DeliveredEvent } from '@csp/message-bus';
import type { Projection } from '@csp/projections';
import { SLA_EVENT_TYPES, type SlaEvent, TICKET_EVENT_TYPES, type TicketEvent } from '@csp/ticketing-domain';
import type { EntityManager } from 'typeorm';
import { ERASED } from './erasure/erased-customers';
import type { TicketSlaView, TicketView } from './ticket-view.entity';

type Row = Omit<TicketView, 'createdAt' | 'firstResponseAt' | 'solvedAt'> & { createdAt: string; firstResponseAt: string | null; solvedAt: string | null };

/** What one batch (one transaction of the runner) works on: its tickets read once, written once at the end. */
interface Batch {
  rows: Map<string, Row>;
  /** Customer -> when they were erased (only customers of the batch that were). */
  erasedAt: Map<string, number>;
  changed: Set<string>;
}

const batches = new WeakMap<EntityManager, Batch>();
const ticketIdOf = (event: DeliveredEvent) => (event.data as { ticketId: string }).ticketId;

/**
 * Projects the ticket stream into the `tickets` read model (details, lists, queues). A batch of events costs
 * three statements whatever its size: its tickets read (locked) and its customers' erasures in `prepare`, every
 * changed row written in one upsert before the commit (beforeCommit); per event, a read and a write each would keep the
 * runner's transaction, and so every reader of the log (see `readAll`), waiting for many round trips.
 */
export const ticketViewProjection: Projection = {
  name: 'ticketing.ticket-view',
  topics: [Topics.ticketing],
  types: [...TICKET_EVENT_TYPES, ...SLA_EVENT_TYPES],
  async prepare(events, manager) {
    batches.set(manager, await readBatch(events, manager));
  },
  async apply(event, manager) {
    applyEvent(batchOf(manager), event);
  },
  async beforeCommit(manager) {
    const batch = batchOf(manager);
    await writeRows(manager, [...batch.changed].map((id) => batch.rows.get(id) as Row));
    batches.delete(manager);
  },
};

async function readBatch(events: readonly DeliveredEvent[], manager: EntityManager): Promise<Batch> {
  const ids = [...new Set(events.map(ticketIdOf))];
  // Locked: an erasure of the customer (CustomerErasureProcess) either waits for this or is seen by it.
  const rows: Row[] = await manager.query(
    `SELECT id, number, status, priority, category, channel, customer_id AS "customerId", team_id AS "teamId", assignee_id AS "assigneeId", subject,
            created_at AS "createdAt", first_response_at AS "firstResponseAt", solved_at AS "solvedAt", revision::text AS revision, messages, sla
     FROM tickets WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    [ids],
  );
  const customers = new Set(rows.map((r) => r.customerId));
  for (const e of events) if (e.type === 'cs.ticket.opened.v1') customers.add((e.data as TicketOpenedData).customerId);
  const erased: { customer_id: string; erased_at: Date }[] = customers.size
    ? await manager.query('SELECT customer_id, erased_at FROM erased_customers WHERE customer_id = ANY($1::uuid[])', [[...customers]])
    : [];
  return {
    rows: new Map(rows.map((r) => [r.id, { ...r, createdAt: iso(r.createdAt), firstResponseAt: isoOrNull(r.firstResponseAt), solvedAt: isoOrNull(r.solvedAt) }])),
    erasedAt: new Map(erased.map((r) => [r.customer_id, new Date(r.erased_at).getTime()])),
    changed: new Set(),
  };
}

/** The batch `prepare` read (the runner calls prepare, apply for each event, then beforeCommit, in one transaction). */
function batchOf(manager: EntityManager): Batch {
  const batch = batches.get(manager);
  if (!batch) throw new Error('ticket-view projection: apply without prepare (run it through ProjectionRunner)');
  return batch;
}

/** Whether the customer was erased at or after `at` (see erased-customers.ts). */
const erasedAfter = (batch: Batch, customerId: string, at: string) => (batch.erasedAt.get(customerId) ?? -Infinity) >= Date.parse(at);

function applyEvent(batch: Batch, event: DeliveredEvent): void {
  const revision = event.revision ?? '0';
  if (event.type === 'cs.ticket.opened.v1') {
    const d = event.data as TicketOpenedData;
    batch.rows.set(d.ticketId, {
      id: d.ticketId, number: d.number, status: 'open', priority: d.priority, category: d.category ?? null,
      channel: d.channel, customerId: d.customerId, teamId: d.teamId ?? null, assigneeId: null,
      subject: erasedAfter(batch, d.customerId, d.openedAt) ? ERASED : d.subject,
      createdAt: new Date(d.openedAt).toISOString(), firstResponseAt: null, solvedAt: null, revision, messages: [], sla: [],
    });
    batch.changed.add(d.ticketId);
    return;
  }
  const e = { type: event.type, data: event.data } as TicketEvent | SlaEvent;
  const ticket = batch.rows.get(ticketIdOf(event));
  // Events of a ticket arrive in stream order; an older revision is a redelivery.
  if (!ticket || BigInt(ticket.revision) >= BigInt(revision)) return;
  if ((SLA_EVENT_TYPES as readonly string[]).includes(e.type)) applySla(ticket, e as SlaEvent);
  else applyToView(ticket, e as TicketEvent);
  if (e.type === 'cs.ticket.message-added.v1' && erasedAfter(batch, ticket.customerId, e.data.at)) {
    ticket.messages = ticket.messages.map((m) => ({ ...m, body: ERASED }));
  }
  ticket.revision = revision;
  batch.changed.add(ticket.id);
}

/** Every changed row in one statement (new ones inserted, the others updated). */
async function writeRows(manager: EntityManager, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  await manager.query(
    `INSERT INTO tickets (id, number, status, priority, category, channel, customer_id, team_id, assignee_id, subject, created_at, first_response_at, solved_at, revision, messages, sla)
     SELECT id, number, status, priority, category, channel, customer_id, team_id, assignee_id, subject, created_at, first_response_at, solved_at, revision, messages, sla
     FROM jsonb_populate_recordset(NULL::tickets, $1::jsonb)
     ON CONFLICT (id) DO UPDATE SET number = EXCLUDED.number, status = EXCLUDED.status, priority = EXCLUDED.priority, category = EXCLUDED.category,
       channel = EXCLUDED.channel, customer_id = EXCLUDED.customer_id, team_id = EXCLUDED.team_id, assignee_id = EXCLUDED.assignee_id, subject = EXCLUDED.subject,
       created_at = EXCLUDED.created_at, first_response_at = EXCLUDED.first_response_at, solved_at = EXCLUDED.solved_at, revision = EXCLUDED.revision,
       messages = EXCLUDED.messages, sla = EXCLUDED.sla`,
    [
      JSON.stringify(rows.map((r) => ({
        id: r.id, number: r.number, status: r.status, priority: r.priority, category: r.category, channel: r.channel, customer_id: r.customerId, team_id: r.teamId,
        assignee_id: r.assigneeId, subject: r.subject, created_at: r.createdAt, first_response_at: r.firstResponseAt, solved_at: r.solvedAt, revision: r.revision,
        messages: r.messages, sla: r.sla,
      }))),
    ],
  );
}

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

function applyToView(ticket: Row, e: TicketEvent): void {
  switch (e.type) {
    case 'cs.ticket.message-added.v1': {
      const d: TicketMessageAddedData = e.data;
      if (ticket.messages.some((m) => m.id === d.messageId)) return;
      ticket.messages = [...ticket.messages, { id: d.messageId, author: d.author, public: d.public, body: d.body, at: d.at }];
      // First response: the first public reply of a person (automatic messages do not count).
      if (d.author === 'agent' && d.public && !ticket.firstResponseAt) ticket.firstResponseAt = iso(d.at);
      return;
    }
    case 'cs.ticket.status-changed.v1':
      ticket.status = e.data.to;
      if (e.data.to === 'solved') ticket.solvedAt = iso(e.data.at);
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
function applySla(ticket: Row, e: SlaEvent): void {
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
