import { customerIdFor, derivedId } from '@csp/contracts';
import { PostgresEventStore } from '@csp/event-store';
import type { DeliveredEvent } from '@csp/message-bus';
import { openServiceDataSource } from '@csp/projections';
import { createTestDatabase, type TestDatabase } from '@csp/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { TICKETING_ENTITIES, TICKETING_MIGRATIONS } from '../../ticketing.module';
import { OpenTicketFromMessageHandler } from './open-ticket-from-message.handler';

describe('automatic intake: an inbound message opens a ticket (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let handler: OpenTicketFromMessageHandler;
  const now = new Date('2026-11-23T09:30:00.000Z');

  const delivered = (over: Partial<DeliveredEvent> = {}): DeliveredEvent => ({
    id: randomUUID(), type: 'cs.message.received.v1', source: '/mail', time: now.toISOString(), subject: 'interaction-x',
    category: 'interaction', streamId: 'x', key: 'x',
    data: { channel: 'email', customer: { email: 'ada@example.com' }, subject: 'Broken', body: 'It broke.' }, ...over,
  });

  beforeAll(async () => {
    db = await createTestDatabase('ticketing_intake');
    store = await PostgresEventStore.create({ connectionString: db.url });
    dataSource = await openServiceDataSource({ url: db.url, schema: 'ticketing', entities: TICKETING_ENTITIES, migrations: TICKETING_MIGRATIONS });
    handler = new OpenTicketFromMessageHandler(store, dataSource, () => now);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await store.close();
    await db.drop();
  });

  it('opens one ticket per message, however often and however concurrently it is delivered', async () => {
    const message = delivered();
    await Promise.all([handler.handle(message), handler.handle(message), handler.handle(message)]);
    await handler.handle(message);
    const events = await store.readStream(`ticket-${derivedId('ticket', message.id)}`);
    expect(events.map((e) => e.type)).toEqual(['cs.ticket.opened.v1', 'cs.ticket.message-added.v1']);
    expect(events[0].data).toMatchObject({
      customerId: customerIdFor({ email: 'ada@example.com' }), channel: 'email', subject: 'Broken', openedAt: now.toISOString(), sourceEventId: message.id,
    });
    expect(events[0].metadata).toMatchObject({ partitionKey: derivedId('ticket', message.id), causationId: message.id });
  });

  it('numbers tickets in sequence and ignores other interaction types', async () => {
    const a = delivered();
    const b = delivered();
    await handler.handle(a);
    await handler.handle(b);
    await handler.handle(delivered({ type: 'cs.page.viewed.v1', data: { customer: { email: 'ada@example.com' }, url: 'https://x.example' } }));
    const numberOf = async (id: string) => ((await store.readStream(`ticket-${derivedId('ticket', id)}`))[0].data as { number: number }).number;
    expect((await numberOf(b.id)) - (await numberOf(a.id))).toBe(1);
    expect(await store.readAll({ filter: { categories: ['ticket'] } })).toHaveLength(6);
  });
});
