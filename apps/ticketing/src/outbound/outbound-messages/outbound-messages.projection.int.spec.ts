import { Topics } from '@csp/contracts';
import { type BusMessage, eventToMessage, type MessageBus } from '@csp/message-bus';
import { openServiceDataSource, ProjectionRunner } from '@csp/projections';
import { createTestDatabase, type TestDatabase } from '@csp/testing';
import { randomUUID } from 'node:crypto';
import { type DataSource, EntityManager } from 'typeorm';
import { ERASED } from '../../tickets/erasure/erased-customers';
import { TICKETING_ENTITIES, TICKETING_MIGRATIONS } from '../../ticketing.module';
import { outboundMessagesProjection } from './outbound-messages.projection';

const t0 = new Date('2026-11-02T09:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000).toISOString();

/** A message requested, failing once, then sent: the outbound stream as the bus delivers it. */
function deliveries(customerId: string): { type: string; data: unknown }[] {
  const messageId = randomUUID();
  return [
    { type: 'cs.outbound.requested.v1', data: { messageId, kind: 'acknowledgement', channel: 'email', to: 'ann@example.com', customerId, ticketId: randomUUID(), subject: '[#1] Parcel', body: 'Received.', at: at(0) } },
    { type: 'cs.outbound.delivery-recorded.v1', data: { messageId, attempt: 1, status: 'failed', error: 'connection refused', at: at(1) } },
    { type: 'cs.outbound.delivery-recorded.v1', data: { messageId, attempt: 2, status: 'sent', at: at(5) } },
  ];
}

describe('outbound messages projection: a batch reads erasures once and inserts its requests together (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let runner: ProjectionRunner;
  let position = 0n;
  const messagesOf = (events: { type: string; data: unknown }[]): BusMessage[] =>
    events.map((e) => {
      const messageId = (e.data as { messageId: string }).messageId;
      const message = eventToMessage({
        id: randomUUID(), type: e.type, streamName: `outbound-${messageId}`, category: 'outbound', revision: 0n, position: ++position,
        data: e.data, metadata: { partitionKey: messageId }, recordedAt: new Date(),
      });
      return { ...message, headers: message.headers ?? {}, topic: Topics.outbound, scope: 'log', position, attempt: 1 };
    });
  const rows = (customerId: string) =>
    dataSource.query('SELECT kind, channel, to_address, subject, status, attempts, last_error, created_at, updated_at FROM outbound_messages WHERE customer_id = $1 ORDER BY created_at', [customerId]);

  beforeAll(async () => {
    db = await createTestDatabase('ticketing_outbound_view');
    dataSource = await openServiceDataSource({ url: db.url, schema: 'ticketing', entities: TICKETING_ENTITIES, migrations: TICKETING_MIGRATIONS });
    runner = new ProjectionRunner(dataSource, {} as MessageBus, outboundMessagesProjection);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('shows the same whether a request and its attempts come in one batch or one event per batch', async () => {
    const [batched, single] = [randomUUID(), randomUUID()];
    await runner.applyBatch(messagesOf([...deliveries(batched), ...deliveries(batched)]));
    for (const message of messagesOf([...deliveries(single), ...deliveries(single)])) await runner.applyBatch([message]);
    const shown = await rows(batched);
    expect(shown).toHaveLength(2);
    expect(shown[0]).toMatchObject({ to_address: 'ann@example.com', status: 'sent', attempts: 2, last_error: 'connection refused', created_at: t0, updated_at: new Date(at(5)) });
    expect(shown).toEqual(await rows(single));
  });

  it('applies outcomes out of order and redelivered as one by one: an older attempt changes nothing, the last error stays', async () => {
    const [batched, single] = [randomUUID(), randomUUID()];
    const outOfOrder = (customerId: string) => {
      const [requested, failed, sent] = deliveries(customerId);
      const messageId = (requested.data as { messageId: string }).messageId;
      const failedAgain = { type: 'cs.outbound.delivery-recorded.v1', data: { messageId, attempt: 3, status: 'failed', error: 'mailbox full', at: at(9) } };
      const gaveUp = { type: 'cs.outbound.delivery-recorded.v1', data: { messageId, attempt: 4, status: 'gave_up', at: at(12) } };
      return { head: [requested, sent], tail: [failed, sent, failedAgain, failed, gaveUp, failedAgain] };
    };
    // The request and attempt 2 first; then, in one batch, attempt 1 late, attempt 2 again, 3 (an error), 1, 4, 3.
    const b = outOfOrder(batched);
    await runner.applyBatch(messagesOf(b.head));
    const query = jest.spyOn(EntityManager.prototype, 'query');
    await runner.applyBatch(messagesOf(b.tail));
    const updates = query.mock.calls.filter(([sql]) => /UPDATE outbound_messages/.test(sql as string));
    query.mockRestore();
    expect(updates).toHaveLength(1);
    const s = outOfOrder(single);
    for (const message of messagesOf([...s.head, ...s.tail])) await runner.applyBatch([message]);
    const shown = await rows(batched);
    expect(shown).toEqual([expect.objectContaining({ status: 'gave_up', attempts: 4, last_error: 'mailbox full', updated_at: new Date(at(12)) })]);
    expect(shown).toEqual(await rows(single));
  });

  it("redacts the address and subject of an erased customer's earlier requests", async () => {
    const customer = randomUUID();
    await dataSource.query('INSERT INTO erased_customers (customer_id, erased_at) VALUES ($1, $2)', [customer, at(60)]);
    await runner.applyBatch(messagesOf(deliveries(customer)));
    expect(await rows(customer)).toEqual([expect.objectContaining({ to_address: ERASED, subject: null, status: 'sent' })]);
  });
});
