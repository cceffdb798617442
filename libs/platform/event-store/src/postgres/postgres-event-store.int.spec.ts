import { createTestDatabase, type TestDatabase } from '@csp/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { describeEventStoreBehaviour, readAllUntil } from '../testing/event-store.behaviour';
import { PostgresEventStore } from './postgres-event-store.adapter';

describeEventStoreBehaviour('PostgreSQL', async () => {
  const db = await createTestDatabase('es_behaviour');
  const store = await PostgresEventStore.create({ connectionString: db.url });
  return { store, cleanup: async () => (await store.close(), await db.drop()) };
});

describe('PostgresEventStore specifics', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const ev = (type: string) => ({ id: randomUUID(), type, data: { type } });

  beforeAll(async () => {
    db = await createTestDatabase('es_pg');
    store = await PostgresEventStore.create({ connectionString: db.url, pollIntervalMs: 60_000 });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('never lets a reader skip an event whose transaction commits after a later one', async () => {
    await store.append('gap-a', [ev('first')], { expectedRevision: 'no_stream' });
    // Another test's transaction anywhere in the cluster may hold readers back for a moment: wait for it.
    const [first] = await readAllUntil(store, { categories: ['gap'] }, 1);

    // A writer that has appended but not committed yet (its position is handed out, its row invisible).
    const slow = new Client({ connectionString: db.url });
    slow.on('error', () => undefined);
    await slow.connect();
    await slow.query('BEGIN');
    await slow.query(`SELECT * FROM eventstore.append_events('gap-b', 'gap', -1, $1)`, [JSON.stringify([ev('late')])]);
    await store.append('gap-c', [ev('early')], { expectedRevision: 'no_stream' });

    // The committed 'early' event has a later position, but it must not be handed out past 'late'.
    expect(await store.readAll({ after: first.position, filter: { categories: ['gap'] } })).toEqual([]);

    await slow.query('COMMIT');
    await slow.end();
    const after = (await readAllUntil(store, { categories: ['gap'] }, 3)).slice(1);
    expect(after.map((e) => e.type)).toEqual(['late', 'early']);
  });

  it('is held back only by transactions that append to this log: not by other writes of this database or another', async () => {
    const elsewhere = await createTestDatabase('es_pg_other');
    const open = async (url: string) => {
      const client = new Client({ connectionString: url });
      client.on('error', () => undefined);
      await client.connect();
      await client.query('BEGIN');
      await client.query('SELECT pg_current_xact_id()'); // holds a transaction id, as any writing transaction
      return client;
    };
    const other = await open(elsewhere.url);
    const readModel = await open(db.url); // a projection writing its read model in the same database
    try {
      await store.append('horizon-a', [ev('while others write')], { expectedRevision: 'no_stream' });
      expect((await readAllUntil(store, { categories: ['horizon'] }, 1, 1000, 2000)).map((e) => e.type)).toEqual(['while others write']);

      const appending = await open(db.url);
      await appending.query('ROLLBACK');
      await appending.query('BEGIN');
      await appending.query(`SELECT * FROM eventstore.append_events('horizon-b', 'horizon', -1, $1)`, [JSON.stringify([ev('in flight')])]);
      await store.append('horizon-c', [ev('after it')], { expectedRevision: 'no_stream' });
      const [first] = await store.readAll({ filter: { categories: ['horizon'] } });
      expect(await store.readAll({ after: first.position, filter: { categories: ['horizon'] } })).toEqual([]);
      await appending.query('COMMIT');
      await appending.end();
      expect((await readAllUntil(store, { categories: ['horizon'] }, 3)).map((e) => e.type)).toEqual(['while others write', 'in flight', 'after it']);
    } finally {
      await Promise.all([other, readModel].map(async (c) => (await c.query('ROLLBACK'), await c.end())));
      await elsewhere.drop();
    }
  });

  it('refuses an append that is not the first write of its transaction (its id could sort before the horizon)', async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_current_xact_id()');
      await expect(client.query(`SELECT * FROM eventstore.append_events('late-a', 'late', -1, $1)`, [JSON.stringify([ev('x')])])).rejects.toThrow(
        'an append must be the first write of its transaction',
      );
      await client.query('ROLLBACK');
      await client.query('BEGIN');
      await client.query('SELECT pg_current_xact_id()');
      await expect(
        client.query(`SELECT * FROM eventstore.append_many($1, $2, $3, $4::jsonb)`, [['late-b', 'late-c'], ['late', 'late'], [-1, -1], JSON.stringify([[ev('y')], [ev('z')]])]),
      ).rejects.toThrow('an append must be the first write of its transaction');
    } finally {
      await client.query('ROLLBACK');
      await client.end();
    }
  });

  it('never skips an event while appenders commit out of order and other transactions write beside them', async () => {
    const appenders = 6;
    const perAppender = 15;
    const clients = await Promise.all(
      Array.from({ length: appenders + 2 }, async () => {
        const client = new Client({ connectionString: db.url });
        await client.connect();
        return client;
      }),
    );
    const pause = () => new Promise((r) => setTimeout(r, Math.floor(Math.random() * 15)));
    let writing = true;
    try {
      // Appenders keep their transaction open for a random while after the append, so commits come out of id order.
      const appending = clients.slice(0, appenders).map(async (client, a) => {
        for (let i = 0; i < perAppender; i++) {
          await client.query('BEGIN');
          await client.query(`SELECT * FROM eventstore.append_events($1, 'race', -2, $2)`, [`race-${a}`, JSON.stringify([ev(`r${a}-${i}`)])]);
          await pause();
          await client.query('COMMIT');
        }
      });
      // Read-model writers: transactions with ids that come and go between the appends.
      const others = clients.slice(appenders).map(async (client) => {
        while (writing) {
          await client.query('BEGIN');
          await client.query('SELECT pg_current_xact_id()');
          await pause();
          await client.query('COMMIT');
        }
      });
      const seen: string[] = [];
      let after = 0n;
      const done = Promise.all(appending).then(() => (writing = false));
      while (writing || seen.length < appenders * perAppender) {
        // Whether every append had committed before this read began (read after it, a commit during the read counts
        // as done although the read's snapshot predates it).
        const allCommitted = !writing;
        const page = await store.readAll({ after, filter: { categories: ['race'] } });
        if (page.length > 0) after = page[page.length - 1].position;
        seen.push(...page.map((e) => e.type));
        if (allCommitted && page.length === 0 && seen.length < appenders * perAppender) break; // a gap now is a skip
        await new Promise((r) => setTimeout(r, 2));
      }
      await done;
      await Promise.all(others);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.sort()).toEqual(
        Array.from({ length: appenders }, (_, a) => Array.from({ length: perAppender }, (_, i) => `r${a}-${i}`)).flat().sort(),
      );
    } finally {
      writing = false;
      await Promise.all(clients.map((c) => c.end()));
    }
  }, 60_000);

  it('wakes a subscriber of another connection through LISTEN/NOTIFY, not polling', async () => {
    const other = await PostgresEventStore.create({ connectionString: db.url, pollIntervalMs: 60_000 });
    const controller = new AbortController();
    const iterator = other.subscribe({ filter: { categories: ['wake'] }, signal: controller.signal })[Symbol.asyncIterator]();
    const next = iterator.next();
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await store.append('wake-1', [ev('ping')], { expectedRevision: 'no_stream' });
    const page = await next;
    expect(page.value?.map((e: { type: string }) => e.type)).toEqual(['ping']);
    // Far below the 60 s poll; not instant on a busy machine, where another transaction may hold readers back.
    expect(Date.now() - started).toBeLessThan(5000);
    controller.abort();
    await other.close();
  });

  it('serves every caught-up subscription of a process from one read of the log per wake-up', async () => {
    const reader = await PostgresEventStore.create({ connectionString: db.url, pollIntervalMs: 60_000 });
    const controller = new AbortController();
    try {
      const categories = Array.from({ length: 8 }, (_, i) => `shared${i}`);
      const pages = categories.map((c) => reader.subscribe({ filter: { categories: [c] }, signal: controller.signal })[Symbol.asyncIterator]());
      const first = pages.map((p) => p.next());
      // Every subscription caught up (nothing to read) and joined the shared tail: waited for, not assumed after a
      // fixed pause (on a busy machine their catch-up reads take longer).
      const joined = () => (reader as unknown as { tail: { members: Set<unknown> } }).tail.members.size;
      for (const deadline = Date.now() + 10_000; joined() < categories.length && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
      expect(joined()).toBe(categories.length);
      const reads = jest.spyOn(reader, 'readAll');
      // Another process writes one event to each category: every subscription gets its own.
      for (const c of categories) await store.append(`${c}-1`, [ev(c)], { expectedRevision: 'no_stream' });
      const received = await Promise.all(first);
      expect(received.map((r) => r.value?.map((e: { type: string }) => e.type))).toEqual(categories.map((c) => [c]));
      // Only the shared reader queried the log (how often depends on when the events became readable): one ordered
      // range of the whole log, as it serves more than a few categories.
      expect(reads.mock.calls.length).toBeGreaterThan(0);
      for (const [options] of reads.mock.calls) expect(options?.filter).toBeUndefined();
    } finally {
      controller.abort();
      await reader.close();
    }
  });

  it('gives each subscription every event once and in order while writers run, also one that falls behind', async () => {
    const reader = await PostgresEventStore.create({ connectionString: db.url, pollIntervalMs: 60_000 });
    // Its own writer, closed at the end: its connections' statistics must not arrive during a later test.
    const writer = await PostgresEventStore.create({ connectionString: db.url, pollIntervalMs: 60_000 });
    const controller = new AbortController();
    const total = 200;
    try {
      const writing = (async () => {
        for (let i = 0; i < total; i += 4) {
          await Promise.all([0, 1, 2, 3].map((w) => writer.append(`moving-${w}`, [ev(`m${i + w}`)], { expectedRevision: 'any' })));
        }
      })();
      // Subscriptions start at different moments of the writing: each catches up and joins the shared reader; the
      // last (a slow consumer of small pages) falls behind, is detached and reads on by itself.
      const readers = [0, 30, 80].map(async (delay, i) => {
        await new Promise((r) => setTimeout(r, delay));
        const seen: string[] = [];
        for await (const page of reader.subscribe({ filter: { categories: ['moving'] }, signal: controller.signal, batchSize: i === 2 ? 3 : 500 })) {
          if (i === 2) await new Promise((r) => setTimeout(r, 5));
          seen.push(...page.map((e) => e.type));
          if (seen.length >= total) break;
        }
        return seen;
      });
      await writing;
      const expected = (await readAllUntil(writer, { categories: ['moving'] }, total, 1000, 20_000)).map((e) => e.type);
      expect(expected).toHaveLength(total);
      for (const seen of await Promise.all(readers)) expect(seen).toEqual(expected);
    } finally {
      controller.abort();
      await Promise.all([reader.close(), writer.close()]);
    }
  }, 60_000);

  it('stores checkpoints next to the log', async () => {
    expect(await store.loadCheckpoint('relay')).toBeUndefined();
    await store.storeCheckpoint('relay', 42n);
    await store.storeCheckpoint('relay', 43n);
    expect(await store.loadCheckpoint('relay')).toBe(43n);
  });

  it('appendMany is one transaction: a wrong expectation on one stream stores nothing of the others', async () => {
    await store.append('atomic-b', [ev('b')], { expectedRevision: 'no_stream' });
    await expect(
      store.appendMany([
        { streamName: 'atomic-a', events: [ev('a')], expectedRevision: 'no_stream' },
        { streamName: 'atomic-b', events: [ev('b')], expectedRevision: 'no_stream' },
      ]),
    ).rejects.toMatchObject({ name: 'ConcurrencyError', streamName: 'atomic-b' });
    expect(await store.readStream('atomic-a')).toEqual([]);
    expect(await store.readStream('atomic-b')).toHaveLength(1);
  });

  it('appendMany reads no more of the tables than the batch, however large they have grown', async () => {
    // Plans cached while the table is small (the first calls of a connection), then the table grows: a plan that
    // joins the batch to the events table would now scan the whole event_id index on every call.
    const batch = (n: number) => Array.from({ length: n }, (_, i) => ({ streamName: `wide-${randomUUID()}`, events: [ev(`w${i}`)], expectedRevision: 'any' as const }));
    for (let i = 0; i < 6; i++) await store.appendMany(batch(3));
    for (let i = 0; i < 10; i++) await store.appendMany(batch(500));
    const before = await indexStats(db.url);
    await store.appendMany(batch(100));
    // Backends report their statistics when idle, at most once a second: wait until this call's scans show up.
    let after = await indexStats(db.url);
    for (let waited = 0; after.scans === before.scans && waited < 10_000; waited += 200) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      after = await indexStats(db.url);
    }
    expect(after.scans).toBeGreaterThan(before.scans);
    // The 100 new ids and stream names are not in the indexes: probing them reads no entry at all.
    expect(after.entriesRead - before.entriesRead).toBeLessThan(100);
  });
});

async function indexStats(url: string): Promise<{ scans: number; entriesRead: number }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // Index entries read through the keys of the two lookups, plus rows read by any sequential scan of the tables.
    const { rows } = await client.query(
      `SELECT (SELECT coalesce(sum(idx_scan), 0) FROM pg_stat_user_indexes
                WHERE schemaname = 'eventstore' AND indexrelname IN ('events_event_id_unique', 'streams_pkey'))::bigint AS scans,
              ((SELECT coalesce(sum(idx_tup_read), 0) FROM pg_stat_user_indexes
                WHERE schemaname = 'eventstore' AND indexrelname IN ('events_event_id_unique', 'streams_pkey'))
               + (SELECT coalesce(sum(seq_tup_read), 0) FROM pg_stat_user_tables
                WHERE schemaname = 'eventstore' AND relname IN ('events', 'streams')))::bigint AS read`,
    );
    return { scans: Number(rows[0].scans), entriesRead: Number(rows[0].read) };
  } finally {
    await client.end();
  }
}
