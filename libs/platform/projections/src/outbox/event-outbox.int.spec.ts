import { PostgresEventStore } from '@csp/event-store';
import { createTestDatabase, type TestDatabase } from '@csp/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openServiceDataSource } from '../postgres-data-source';
import { enqueueBehind, enqueueEvents, EventOutboxRelay, flushEnqueued, hasEnqueued } from './event-outbox';
import { CreateEventOutbox1763900000220 } from './event-outbox.migration';

jest.setTimeout(30_000);

describe('EventOutbox on PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('event_outbox');
    dataSource = await openServiceDataSource({ url: db.url, schema: 'outbox_test', entities: [], migrations: [CreateEventOutbox1763900000220] });
    store = await PostgresEventStore.create({ connectionString: db.url });
  });
  afterAll(async () => {
    await store.close();
    await dataSource.destroy();
    await db.drop();
  });
  beforeEach(() => dataSource.query('DELETE FROM event_outbox'));

  const event = (n: number) => ({ id: randomUUID(), type: 'cs.test.v1', data: { n } });
  const stored = async (stream: string) => (await store.readStream(stream)).map((e) => (e.data as { n: number }).n);
  const waiting = async () => Number((await dataSource.query('SELECT count(*)::int AS n FROM event_outbox'))[0].n);

  it('keeps nothing of a transaction that rolled back, and relays what committed in order', async () => {
    const stream = `test-${randomUUID()}`;
    await expect(
      dataSource.transaction(async (m) => {
        await enqueueEvents(m, stream, [event(0)]);
        throw new Error('the projection failed after deciding');
      }),
    ).rejects.toThrow('failed after deciding');
    await dataSource.transaction(async (m) => {
      await enqueueEvents(m, stream, [event(1), event(2)]);
      await enqueueEvents(m, stream, [event(3)]);
    });
    const relay = new EventOutboxRelay(dataSource, store, { name: 'test', batchSize: 1 });
    expect(await relay.drain()).toBe(2);
    expect(await stored(stream)).toEqual([1, 2, 3]);
    expect(await waiting()).toBe(0);
  });

  it('keeps rows enqueued behind in memory until flushed, then writes them in the order they were enqueued', async () => {
    const [first, second] = [`test-${randomUUID()}`, `test-${randomUUID()}`];
    await dataSource.transaction(async (m) => {
      expect(hasEnqueued(m)).toBe(false);
      enqueueBehind(m);
      await enqueueEvents(m, first, [event(1)]);
      await enqueueEvents(m, second, [event(10), event(11)]);
      await enqueueEvents(m, first, [event(2)]);
      expect(hasEnqueued(m)).toBe(true);
      expect(Number((await m.query('SELECT count(*)::int AS n FROM event_outbox'))[0].n)).toBe(0);
      await flushEnqueued(m);
      await flushEnqueued(m); // nothing left: no second copy
    });
    const rows: { stream_name: string; events: { data: { n: number } }[] }[] = await dataSource.query('SELECT stream_name, events FROM event_outbox ORDER BY seq');
    expect(rows.map((r) => [r.stream_name, r.events.map((e) => e.data.n)])).toEqual([[first, [1]], [second, [10, 11]], [first, [2]]]);
    expect(await new EventOutboxRelay(dataSource, store, { name: 'test' }).drain()).toBe(3);
    expect([await stored(first), await stored(second)]).toEqual([[1, 2], [10, 11]]);
  });

  it('relays rows again after a crash between append and delete without a second event', async () => {
    const stream = `test-${randomUUID()}`;
    const events = [event(1), event(2)];
    await dataSource.transaction((m) => enqueueEvents(m, stream, events));
    // The crash: the store has the events, the outbox still has the row.
    await store.append(stream, events, { expectedRevision: 'any' });
    await new EventOutboxRelay(dataSource, store, { name: 'test' }).drain();
    expect(await stored(stream)).toEqual([1, 2]);
    expect(await waiting()).toBe(0);
  });

  it('lets one relay at a time work, so two instances keep every stream in order and append each event once', async () => {
    const stream = `test-${randomUUID()}`;
    for (let n = 0; n < 40; n++) await dataSource.transaction((m) => enqueueEvents(m, stream, [event(n)]));
    const relays = [1, 2].map(() => new EventOutboxRelay(dataSource, store, { name: 'test', batchSize: 3 }));
    // Each stops when it finds the lock taken or the table empty; repeat until both find it empty.
    while ((await waiting()) > 0) await Promise.all(relays.map((r) => r.drain()));
    expect(await stored(stream)).toEqual(Array.from({ length: 40 }, (_, n) => n));
  });

  it('relays at once when woken after a commit, and on its poll otherwise', async () => {
    const relay = new EventOutboxRelay(dataSource, store, { name: 'test', pollMs: 60_000 });
    await relay.start();
    try {
      const stream = `test-${randomUUID()}`;
      await dataSource.transaction((m) => enqueueEvents(m, stream, [event(7)]));
      relay.wake();
      const started = Date.now();
      while ((await stored(stream)).length === 0 && Date.now() - started < 5_000) await new Promise((r) => setTimeout(r, 10));
      expect(await stored(stream)).toEqual([7]);
      expect(relay.health()).toEqual({ alive: true, consecutiveFailures: 0 });
    } finally {
      await relay.stop();
    }
    expect(relay.health().alive).toBe(false);
  });
});
