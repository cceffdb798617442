import { customerIdFor, derivedId } from '@csp/contracts';
import { PostgresEventStore } from '@csp/event-store';
import type { DeliveredEvent } from '@csp/message-bus';
import { openServiceDataSource } from '@csp/projections';
import { createTestDatabase, type TestDatabase } from '@csp/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { TICKETING_ENTITIES, TICKETING_MIGRATIONS } from '../../ticketing.module';
import { TicketStreams } from '../ticket-streams';
import { TicketIntakeHandler } from './ticket-intake.handler';

describe('automatic intake (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let handler: TicketIntakeHandler;
  const now = new Date('2026-11-23T09:30:00.000Z');
  const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

  const message = (over: { email?: string; thread?: string; at?: Date; body?: string } = {}): DeliveredEvent => ({
    id: randomUUID(), type: 'cs.message.received.v1', source: '/mail', time: (over.at ?? now).toISOString(), subject: 'interaction-x',
    category: 'interaction', streamId: 'x', key: 'x',
    data: {
      channel: 'email', customer: { email: over.email ?? 'ada@example.com' }, subject: 'Broken', body: over.body ?? 'It broke.',
      ...(over.thread ? { thread: { externalId: over.thread } } : {}),
    },
  });
  const ticketOf = (event: DeliveredEvent) => derivedId('ticket', event.id);
  const types = async (ticketId: string) => (await store.readStream(TicketStreams.streamOf(ticketId))).map((e) => e.type);
  const solve = (ticketId: string, at: Date) =>
    new TicketStreams(store).execute(ticketId, { type: 'ChangeStatus', to: 'solved', actor: { kind: 'user', id: 'agent' }, now: at }, { eventId: () => randomUUID(), metadata: {} });

  beforeAll(async () => {
    db = await createTestDatabase('ticketing_intake');
    store = await PostgresEventStore.create({ connectionString: db.url });
    dataSource = await openServiceDataSource({ url: db.url, schema: 'ticketing', entities: TICKETING_ENTITIES, migrations: TICKETING_MIGRATIONS });
    handler = new TicketIntakeHandler(store, dataSource, { now: () => now, reopenWindowMinutes: 60 });
  });
  afterAll(async () => {
    await dataSource.destroy();
    await store.close();
    await db.drop();
  });

  it('opens one ticket per message however often and concurrently it is delivered, and acknowledges it once', async () => {
    const m = message();
    await Promise.all([handler.handle(m), handler.handle(m), handler.handle(m)]);
    await handler.handle(m);
    const events = await store.readStream(TicketStreams.streamOf(ticketOf(m)));
    expect(events.map((e) => e.type)).toEqual(['cs.ticket.opened.v1', 'cs.ticket.message-added.v1']);
    expect(events[0].data).toMatchObject({ customerId: customerIdFor({ email: 'ada@example.com' }), channel: 'email', subject: 'Broken', openedAt: now.toISOString(), sourceEventId: m.id });
    const number = (events[0].data as { number: number }).number;
    const receipts = await store.readStream(`outbound-${derivedId('acknowledgement', ticketOf(m))}`);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ type: 'cs.outbound.requested.v1', data: { kind: 'acknowledgement', channel: 'email', to: 'ada@example.com', ticketId: ticketOf(m) } });
    expect((receipts[0].data as { subject: string }).subject).toBe(`[#${number}] Broken`);
  });

  it('opens the ticket of a message whose thread was mapped to it before its opening failed (the redelivery)', async () => {
    const m = message({ email: 'eve@example.com', thread: 'T-9' });
    // What a failed opening leaves: the new thread mapped to the ticket with its number, no ticket stream.
    await dataSource.query('INSERT INTO ticket_threads (customer_id, thread_key, ticket_id) VALUES ($1, $2, $3)', [customerIdFor({ email: 'eve@example.com' }), 'T-9', ticketOf(m)]);
    await handler.handle(m);
    expect(await types(ticketOf(m))).toEqual(['cs.ticket.opened.v1', 'cs.ticket.message-added.v1']);
    const reply = message({ email: 'eve@example.com', thread: 'T-9', at: minutes(1) });
    await handler.handle(reply);
    expect(await types(ticketOf(m))).toEqual(['cs.ticket.opened.v1', 'cs.ticket.message-added.v1', 'cs.ticket.message-added.v1']);
  });

  it('opens a ticket for a message whose thread names a ticket that was never opened (its opening failed for good)', async () => {
    const lost = randomUUID();
    await dataSource.query('INSERT INTO ticket_threads (customer_id, thread_key, ticket_id) VALUES ($1, $2, $3)', [customerIdFor({ email: 'kim@example.com' }), 'T-8', lost]);
    const m = message({ email: 'kim@example.com', thread: 'T-8' });
    await handler.handle(m);
    expect(await types(ticketOf(m))).toEqual(['cs.ticket.opened.v1', 'cs.ticket.message-added.v1']);
    expect(await types(lost)).toEqual([]);
    const reply = message({ email: 'kim@example.com', thread: 'T-8', at: minutes(1) });
    await handler.handle(reply);
    expect(await types(ticketOf(m))).toEqual(['cs.ticket.opened.v1', 'cs.ticket.message-added.v1', 'cs.ticket.message-added.v1']);
  });

  it('adds a reply on the same thread to the open ticket, and reopens it when solved within the window', async () => {
    const first = message({ thread: 'T-1' });
    await handler.handle(first);
    const reply = message({ thread: 'T-1', at: minutes(5), body: 'Still broken.' });
    await handler.handle(reply);
    await handler.handle(reply);
    expect(await types(ticketOf(first))).toEqual(['cs.ticket.opened.v1', 'cs.ticket.message-added.v1', 'cs.ticket.message-added.v1']);
    expect(await types(ticketOf(reply))).toEqual([]);

    await solve(ticketOf(first), minutes(10));
    await handler.handle(message({ thread: 'T-1', at: minutes(30) }));
    expect((await types(ticketOf(first))).slice(-3)).toEqual(['cs.ticket.reopened.v1', 'cs.ticket.status-changed.v1', 'cs.ticket.message-added.v1']);
  });

  it('opens a new ticket linked to the old one after the reopen window, and later replies join the new one', async () => {
    const first = message({ thread: 'T-2' });
    await handler.handle(first);
    await solve(ticketOf(first), minutes(10));
    const late = message({ thread: 'T-2', at: minutes(120) });
    await handler.handle(late);
    const opened = (await store.readStream(TicketStreams.streamOf(ticketOf(late))))[0];
    expect(opened.data).toMatchObject({ followUpOf: ticketOf(first), threadId: 'T-2' });
    const next = message({ thread: 'T-2', at: minutes(125) });
    await handler.handle(next);
    expect(await types(ticketOf(late))).toEqual(['cs.ticket.opened.v1', 'cs.ticket.message-added.v1', 'cs.ticket.message-added.v1']);
  });

  it('follows a merge: a reply to a merged ticket goes to the ticket it was merged into', async () => {
    const [a, b] = [message({ thread: 'T-3' }), message({ email: 'bob@example.com' })];
    await handler.handle(a);
    await handler.handle(b);
    await new TicketStreams(store).execute(ticketOf(a), { type: 'MergeTicket', intoTicketId: ticketOf(b), actor: { kind: 'user', id: 'agent' }, now: minutes(1) }, { eventId: () => randomUUID(), metadata: {} });
    await handler.handle(message({ thread: 'T-3', at: minutes(2) }));
    expect(await types(ticketOf(b))).toEqual(['cs.ticket.opened.v1', 'cs.ticket.message-added.v1', 'cs.ticket.message-added.v1']);
  });

  it('opens tickets for calls not resolved on the call only, and ignores other interactions', async () => {
    const call = (resolvedOnCall: boolean): DeliveredEvent => ({
      ...message(), type: 'cs.call.completed.v1',
      data: { customer: { phone: '+4915123456789' }, direction: 'inbound', durationSeconds: 312, summary: 'Wants a replacement.', resolvedOnCall },
    });
    const [resolved, open] = [call(true), call(false)];
    await handler.handle(resolved);
    await handler.handle(open);
    await handler.handle({ ...message(), type: 'cs.page.viewed.v1', data: { customer: { email: 'ada@example.com' }, url: 'https://x.example' } });
    expect(await types(ticketOf(resolved))).toEqual([]);
    const [opened] = await store.readStream(TicketStreams.streamOf(ticketOf(open)));
    expect(opened.data).toMatchObject({ channel: 'phone', subject: 'Call (inbound, 5 min)' });
    expect((await store.readStream(`outbound-${derivedId('acknowledgement', ticketOf(open))}`))[0].data).toMatchObject({ channel: 'sms', to: '+4915123456789' });
  });

  it('numbers tickets in sequence', async () => {
    const [a, b] = [message(), message()];
    await handler.handle(a);
    await handler.handle(b);
    const numberOf = async (m: DeliveredEvent) => ((await store.readStream(TicketStreams.streamOf(ticketOf(m))))[0].data as { number: number }).number;
    expect((await numberOf(b)) - (await numberOf(a))).toBe(1);
  });
});
