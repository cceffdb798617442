import { customerIdFor, type TicketOpenedData } from '@csp/contracts';
import type { RecordedEvent } from '@csp/event-store';
import { type BusMessage, eventToMessage, type MessageBus, messageToEvent } from '@csp/message-bus';
import { openServiceDataSource, ProjectionRunner } from '@csp/projections';
import { createTestDatabase, type TestDatabase } from '@csp/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { PROFILE_ENTITIES, PROFILE_MIGRATIONS } from '../customer-profile.module';
import { customer360Projection } from './customer-360.projection';
import { Customer360Query } from './customer-360.query';

describe('the 360 view projection (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let runner: ProjectionRunner;
  let position = 0n;
  const customer = { email: 'grace@example.com', phone: '+4930123456', name: 'Grace' };
  const customerId = customerIdFor(customer);

  const message = (category: string, type: string, data: unknown, at: string): BusMessage => {
    position += 1n;
    const event: RecordedEvent = {
      id: randomUUID(), type, streamName: `${category}-${customerId}`, category, revision: 0n, position, data,
      metadata: { occurredAt: at, partitionKey: customerId }, recordedAt: new Date(at),
    };
    const m = eventToMessage(event);
    return { ...m, headers: m.headers ?? {}, topic: 't', scope: 'log', position, attempt: 1 };
  };

  beforeAll(async () => {
    db = await createTestDatabase('profile');
    dataSource = await openServiceDataSource({ url: db.url, schema: 'customer_profile', entities: PROFILE_ENTITIES, migrations: PROFILE_MIGRATIONS });
    runner = new ProjectionRunner(dataSource, undefined as unknown as MessageBus, customer360Projection);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('links identities, lists tickets, and gives the same view when everything is delivered twice', async () => {
    const ticket: TicketOpenedData = {
      ticketId: randomUUID(), number: 9, customerId, channel: 'phone', subject: 'Invoice wrong', priority: 'normal', openedBy: 'system',
      openedAt: '2026-11-20T10:00:00.000Z',
    };
    const batch = [
      message('interaction', 'cs.message.received.v1', { channel: 'phone', customer, body: 'Invoice wrong' }, '2026-11-20T09:59:00.000Z'),
      message('ticket', 'cs.ticket.opened.v1', ticket, '2026-11-20T10:00:00.000Z'),
      message('interaction', 'cs.page.viewed.v1', { customer: { email: customer.email }, url: 'https://shop.example/help' }, '2026-11-21T08:00:00.000Z'),
    ];
    await runner.applyBatch(batch);
    const query = new Customer360Query(dataSource);
    const once = await query.byId(customerId);
    await runner.applyBatch(batch); // skipped by the runner's checkpoint...
    // ...so apply every event again directly: the projection itself must be idempotent too.
    for (const m of batch) {
      const event = messageToEvent(m);
      if (event) await dataSource.transaction((manager) => customer360Projection.apply(event, manager));
    }
    expect(await query.byId(customerId)).toEqual(once);

    expect(once?.identities).toEqual([{ kind: 'email', value: 'grace@example.com' }, { kind: 'phone', value: '+4930123456' }]);
    expect(once?.traits).toEqual({ name: 'Grace' });
    expect(once?.tickets).toMatchObject({ open: 1, total: 1, lastTicketAt: '2026-11-20T10:00:00.000Z' });
    expect(once?.tickets.recent).toEqual([
      { id: ticket.ticketId, number: 9, status: 'open', channel: 'phone', subject: 'Invoice wrong', openedAt: '2026-11-20T10:00:00.000Z' },
    ]);
    expect((await query.byIdentity('phone', '+4930123456'))?.id).toBe(customerId);
    expect(await query.byIdentity('email', 'nobody@example.com')).toBeUndefined();
  });
});
