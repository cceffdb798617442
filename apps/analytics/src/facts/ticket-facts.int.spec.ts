import { type AnalyticsStore, createAnalyticsStore, loadClickHouseMigrations, runClickHouseMigrations } from '@csp/clickhouse';
import { type BusMessage, eventToMessage, type MessageBus } from '@csp/message-bus';
import { createTestChdbDir } from '@csp/testing';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ticketVolume } from '../kpis/ticket-volume.query';
import { TicketFactsWorker } from './ticket-facts.worker';

describe('ticket facts in chDB and ticket_volume', () => {
  const chdb = createTestChdbDir('analytics');
  let store: AnalyticsStore;
  let worker: TicketFactsWorker;
  let position = 0n;

  const opened = (channel: string, openedAt: string, extra: Record<string, unknown> = {}): BusMessage => {
    const ticketId = randomUUID();
    position += 1n;
    const message = eventToMessage({
      id: randomUUID(), type: 'cs.ticket.opened.v1', streamName: `ticket-${ticketId}`, category: 'ticket', revision: 0n, position,
      data: { ticketId, number: Number(position), customerId: randomUUID(), channel, subject: 's', priority: 'normal', openedBy: 'system', openedAt, ...extra },
      metadata: { partitionKey: ticketId }, recordedAt: new Date(openedAt),
    });
    return { ...message, headers: message.headers ?? {}, topic: 'cs.ticketing.v1', scope: 'log', position, attempt: 1 };
  };
  const volume = (groupBy?: 'channel' | 'priority', filters = {}) =>
    ticketVolume(store, { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z'), groupBy, filters });

  beforeAll(async () => {
    store = await createAnalyticsStore({ dataDir: chdb.dir });
    await runClickHouseMigrations(store, await loadClickHouseMigrations(join(__dirname, '..', 'clickhouse', 'migrations')));
    worker = new TicketFactsWorker(undefined as unknown as MessageBus, store);
  });
  afterAll(async () => {
    await store.close();
    chdb.cleanup();
  });

  it('counts tickets created in the period per channel; a redelivered batch counts once', async () => {
    const batch = [
      opened('email', '2026-11-02T09:00:00.000Z'),
      opened('email', '2026-11-30T23:59:59.999Z'),
      opened('chat', '2026-11-15T12:00:00.000Z', { priority: 'urgent' }),
      opened('chat', '2026-12-01T00:00:00.000Z'), // outside [from, to)
      { ...opened('phone', '2026-11-03T00:00:00.000Z'), headers: {} }, // not a CloudEvent: ignored
    ];
    await worker.write(batch);
    await worker.write(batch); // crash before acknowledging, then redelivery
    // The redelivered insert was dropped (deduplication token), not merely collapsed by FINAL.
    expect(await store.query('SELECT count() AS n FROM tickets')).toEqual([{ n: '4' }]);
    expect((await volume('channel')).groups).toEqual([
      { key: 'chat', value: 1, count: 1 },
      { key: 'email', value: 2, count: 2 },
    ]);
    expect((await volume()).groups).toEqual([{ key: '', value: 3, count: 3 }]);
    expect((await volume('priority', { channel: ['chat', 'sms'] })).groups).toEqual([{ key: 'urgent', value: 1, count: 1 }]);
  });
});
