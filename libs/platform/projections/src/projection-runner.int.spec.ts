import { Topics } from '@csp/contracts';
import { PostgresEventStore } from '@csp/event-store';
import { type BusMessage, eventToMessage, LogMessageBus } from '@csp/message-bus';
import { createTestDatabase, type TestDatabase } from '@csp/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { enqueueEvents } from './outbox/event-outbox';
import { CreateEventOutbox1763900000220 } from './outbox/event-outbox.migration';
import { openServiceDataSource } from './postgres-data-source';
import { type Projection, ProjectionRunner } from './projection-runner';

class CreateCounts1763900000001 implements MigrationInterface {
  async up(q: QueryRunner) {
    await q.query('CREATE TABLE counts (key text PRIMARY KEY, n int NOT NULL)');
  }
  async down(q: QueryRunner) {
    await q.query('DROP TABLE counts');
  }
}

// Busy machines: the live test waits for a consumer, well beyond jest's default 5 s.
jest.setTimeout(30_000);

describe('ProjectionRunner on PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  let failOn: string | undefined;
  const projection: Projection = {
    name: 'counter',
    topics: [Topics.interactions],
    async apply(event, manager) {
      if ((event.data as { tag?: string }).tag === failOn) throw new Error('poison');
      await manager.query('INSERT INTO counts (key, n) VALUES ($1, 1) ON CONFLICT (key) DO UPDATE SET n = counts.n + 1', [event.key]);
    },
  };
  const counts = async () =>
    Object.fromEntries((await dataSource.query('SELECT key, n FROM counts ORDER BY key')).map((r: { key: string; n: number }) => [r.key, r.n]));
  const append = (key: string, tag: string) =>
    store.append(`interaction-${key}`, [{ id: randomUUID(), type: 'cs.test.v1', data: { tag } }], { expectedRevision: 'any' });
  /**
   * The events after `after` as bus messages, waiting until `count` are readable: a transaction still open
   * anywhere in the cluster (another test suite) holds log readers back for a moment.
   */
  const asMessages = async (after: bigint, count: number): Promise<BusMessage[]> => {
    let events = await store.readAll({ after });
    for (let i = 0; i < 200 && events.length < count; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      events = await store.readAll({ after });
    }
    return events.map((e) => ({ ...eventToMessage(e), headers: eventToMessage(e).headers ?? {}, topic: Topics.interactions, scope: 'log', position: e.position, attempt: 1 }));
  };

  beforeAll(async () => {
    db = await createTestDatabase('projection');
    store = await PostgresEventStore.create({ connectionString: db.url });
    dataSource = await openServiceDataSource({ url: db.url, schema: 'readmodel', entities: [], migrations: [CreateCounts1763900000001, CreateEventOutbox1763900000220] });
  });
  afterAll(async () => {
    await dataSource.destroy();
    await store.close();
    await db.drop();
  });

  it('applies a batch with its checkpoint in one transaction and skips redelivered messages', async () => {
    const runner = new ProjectionRunner(dataSource, new LogMessageBus({ store, checkpoints: store }), projection);
    await append('a', 'x');
    await append('b', 'x');
    await append('a', 'x');
    const batch = await asMessages(0n, 3);
    await runner.applyBatch(batch);
    expect(await counts()).toEqual({ a: 2, b: 1 });
    await runner.applyBatch(batch); // redelivery of the whole batch
    await runner.applyBatch([...batch].reverse().slice(0, 1)); // and of a single old message
    expect(await counts()).toEqual({ a: 2, b: 1 });
    const [checkpoint] = await dataSource.query(`SELECT position FROM projection_checkpoints WHERE projection = 'counter'`);
    expect(BigInt(checkpoint.position)).toBe(batch[2].position);
  });

  it('rolls back the read model and the checkpoint together when an event fails', async () => {
    const runner = new ProjectionRunner(dataSource, new LogMessageBus({ store, checkpoints: store }), projection);
    const before = await dataSource.query(`SELECT position FROM projection_checkpoints WHERE projection = 'counter'`);
    const from = BigInt(before[0].position);
    await append('c', 'ok');
    await append('c', 'poison');
    failOn = 'poison';
    await expect(runner.applyBatch(await asMessages(from, 1))).rejects.toThrow('poison');
    expect((await counts()).c).toBeUndefined();
    expect(await dataSource.query(`SELECT position FROM projection_checkpoints WHERE projection = 'counter'`)).toEqual(before);
    failOn = undefined;
  });

  it('consumes live from the bus, catches up in pages, and survives a restart without double counting', async () => {
    const bus = new LogMessageBus({ store, checkpoints: store, batchSize: 7 });
    const runner = new ProjectionRunner(dataSource, bus, { ...projection, name: 'live' });
    await dataSource.query('TRUNCATE counts');
    const total = async () => Object.values(await counts()).reduce((sum: number, n) => sum + (n as number), 0);
    await runner.start();
    for (let i = 0; i < 30; i++) await append(`k${i % 3}`, 'live');
    const waitFor = async (expected: number) => {
      for (let i = 0; i < 100; i++) {
        if ((await total()) >= expected) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      return counts();
    };
    // Everything appended in this file so far: a 2, b 1, c 2 (the poison one applies now), k0..k2 10 each.
    await waitFor(35);
    await runner.stop();
    // The bus checkpoint is reset (as after a crash before it was stored): the runner's own checkpoint dedups.
    await store.storeCheckpoint('bus:live', 0n);
    const again = new ProjectionRunner(dataSource, bus, { ...projection, name: 'live' });
    await again.start();
    await append('k0', 'live');
    const final = await waitFor(36);
    await again.stop();
    expect(final).toEqual({ a: 2, b: 1, c: 2, k0: 11, k1: 10, k2: 10 });
  });

  it('calls beforeCommit once per batch inside its transaction, and tells afterCommit whether the batch enqueued events', async () => {
    const calls: string[] = [];
    const behind: Projection = {
      ...projection,
      name: 'behind',
      // Written in memory per event, to the table once before the commit (as a projection writing behind does).
      async apply(event) {
        calls.push(`apply ${(event.data as { tag: string }).tag}`);
      },
      async beforeCommit(manager) {
        calls.push('beforeCommit');
        await manager.query(`INSERT INTO counts (key, n) VALUES ('behind', 1) ON CONFLICT (key) DO UPDATE SET n = counts.n + 1`);
        if (failOn === 'commit') throw new Error('poison at commit');
        if (calls.filter((c) => c === 'beforeCommit').length === 2) await enqueueEvents(manager, 'test-1', [{ id: randomUUID(), type: 'cs.test.v1', data: {} }]);
      },
    };
    const committed: boolean[] = [];
    const runner = new ProjectionRunner(dataSource, new LogMessageBus({ store, checkpoints: store }), behind, { afterCommit: ({ enqueued }) => committed.push(enqueued) });
    const [from] = await dataSource.query(`SELECT max(position) AS position FROM projection_checkpoints`);
    await append('d', 'one');
    await append('d', 'two');
    const batch = await asMessages(BigInt(from.position), 2);
    await runner.applyBatch(batch);
    expect(calls).toEqual(['apply one', 'apply two', 'beforeCommit']);
    await runner.applyBatch(batch); // nothing new: no beforeCommit
    expect(calls).toHaveLength(3);
    expect((await counts()).behind).toBe(1);
    await append('d', 'three');
    const next = await asMessages(batch[1].position, 1);
    await runner.applyBatch(next);
    expect(committed).toEqual([false, false, true]);
    await append('d', 'four');
    failOn = 'commit';
    await expect(runner.applyBatch(await asMessages(next[0].position, 1))).rejects.toThrow('poison at commit');
    failOn = undefined;
    // The failed batch's beforeCommit write went with it.
    expect((await counts()).behind).toBe(2);
    expect(committed).toHaveLength(3);
  });
});
