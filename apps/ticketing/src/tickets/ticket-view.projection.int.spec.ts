import { Topics } from '@csp/contracts';
import { type BusMessage, eventToMessage, type MessageBus } from '@csp/message-bus';
import { openServiceDataSource, ProjectionRunner } from '@csp/projections';
import { createTestDatabase, type TestDatabase } from '@csp/testing';
import { decideTicket, evolveTicket, initialTicketState, type TicketCommand, type TicketEvent, type TicketState } from '@csp/ticketing-domain';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { TICKETING_ENTITIES, TICKETING_MIGRATIONS } from '../ticketing.module';
import { ERASED } from './erasure/erased-customers';
import { ticketViewProjection } from './ticket-view.projection';

const SYSTEM = { kind: 'system', id: 'test' } as const;
const t0 = new Date('2026-11-02T09:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

/** The stream of one ticket as the bus delivers it: opened, its message, routed, assigned, an SLA clock, a reply. */
function lifecycle(customerId: string, number: number): { type: string; data: unknown }[] {
  const ticketId = randomUUID();
  let state: TicketState = initialTicketState();
  const events: { type: string; data: unknown }[] = [];
  const run = (command: TicketCommand) => {
    const decided: TicketEvent[] = decideTicket(command, state);
    state = decided.reduce(evolveTicket, state);
    events.push(...decided);
  };
  run({ type: 'OpenTicket', ticketId, number, customerId, channel: 'email', subject: `Parcel ${number}`, body: 'Where is it?', messageId: randomUUID(), now: t0 });
  run({ type: 'RouteTicket', teamId: 'support', category: 'general', priority: 'high', requiredSkills: [], now: minutes(1) });
  run({ type: 'AssignTicket', agentId: 'ada', teamId: 'support', strategy: 'round_robin', actor: SYSTEM, now: minutes(1) });
  events.push({ type: 'cs.sla.activated.v1', data: { ticketId, customerId, target: 'first_response', policyId: 'p', targetMinutes: 60, dueAt: minutes(60).toISOString(), at: minutes(1).toISOString() } });
  run({ type: 'AddAgentMessage', messageId: randomUUID(), body: 'On its way.', public: true, author: { kind: 'user', id: 'ada' }, now: minutes(5) });
  run({ type: 'ChangeStatus', to: 'solved', actor: { kind: 'user', id: 'ada' }, now: minutes(6) });
  return events;
}

describe('ticket view projection: a batch reads its tickets once and writes them once (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let runner: ProjectionRunner;
  let position = 0n;
  const messagesOf = (streams: { type: string; data: unknown }[][], order: 'interleaved' | 'in turn' = 'interleaved'): BusMessage[] => {
    const withRevisions = streams.map((events) => events.map((e, revision) => ({ ...e, revision })));
    const flat = order === 'in turn' ? withRevisions.flat() : Array.from({ length: Math.max(...streams.map((s) => s.length)) }, (_, i) => withRevisions.flatMap((s) => s[i] ?? [])).flat();
    return flat.map((e) => {
      const ticketId = (e.data as { ticketId: string }).ticketId;
      const message = eventToMessage({
        id: randomUUID(), type: e.type, streamName: `ticket-${ticketId}`, category: 'ticket', revision: BigInt(e.revision), position: ++position,
        data: e.data, metadata: { partitionKey: ticketId }, recordedAt: new Date(),
      });
      return { ...message, headers: message.headers ?? {}, topic: Topics.ticketing, scope: 'log', position, attempt: 1 };
    });
  };
  const view = async (customerId: string) =>
    dataSource.query(
      `SELECT number, status, priority, category, team_id, assignee_id, subject, created_at, first_response_at, solved_at, revision, messages, sla
       FROM tickets WHERE customer_id = $1 ORDER BY number`,
      [customerId],
    );

  beforeAll(async () => {
    db = await createTestDatabase('ticketing_view');
    dataSource = await openServiceDataSource({ url: db.url, schema: 'ticketing', entities: TICKETING_ENTITIES, migrations: TICKETING_MIGRATIONS });
    runner = new ProjectionRunner(dataSource, {} as MessageBus, ticketViewProjection);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('shows the same tickets whether their events come in one batch or one event per batch', async () => {
    const [batched, single] = [randomUUID(), randomUUID()];
    await runner.applyBatch(messagesOf([lifecycle(batched, 1), lifecycle(batched, 2), lifecycle(batched, 3)]));
    for (const message of messagesOf([lifecycle(single, 1), lifecycle(single, 2), lifecycle(single, 3)], 'in turn')) await runner.applyBatch([message]);
    const rows = await view(batched);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      status: 'solved', priority: 'high', category: 'general', team_id: 'support', assignee_id: 'ada', subject: 'Parcel 1', revision: '6',
      created_at: t0, first_response_at: minutes(5), solved_at: minutes(6), sla: [{ target: 'first_response', dueAt: minutes(60).toISOString(), state: 'active', warnedAt: null }],
    });
    expect(rows[0].messages.map((m: { author: string }) => m.author)).toEqual(['customer', 'agent']);
    // The same but for the ids each lifecycle draws.
    const withoutIds = (r: { messages: { id: string }[] }[]) => r.map((row) => ({ ...row, messages: row.messages.map(({ id: _, ...m }) => m) }));
    expect(withoutIds(rows)).toEqual(withoutIds(await view(single)));
  });

  it('skips what it applied already (a redelivered older revision) and applies what follows', async () => {
    const customer = randomUUID();
    const events = lifecycle(customer, 7);
    const messages = messagesOf([events]);
    await runner.applyBatch(messages.slice(0, 5));
    // The SLA clock again (revision 4, redelivered at a new position), then the reply and the status change.
    await runner.applyBatch(messagesOf([events]).slice(4));
    const [row] = await view(customer);
    expect(row).toMatchObject({ status: 'solved', revision: '6' });
    expect(row.messages).toHaveLength(2);
  });

  it("redacts an erased customer's subject and messages, also for a ticket opened in the same batch", async () => {
    const customer = randomUUID();
    await dataSource.query('INSERT INTO erased_customers (customer_id, erased_at) VALUES ($1, $2)', [customer, minutes(30)]);
    await runner.applyBatch(messagesOf([lifecycle(customer, 9)]));
    const [row] = await view(customer);
    expect(row.subject).toBe(ERASED);
    // The reply at minute 5 was before the erasure too: every body is redacted.
    expect(row.messages.map((m: { body: string }) => m.body)).toEqual([ERASED, ERASED]);
  });
});
