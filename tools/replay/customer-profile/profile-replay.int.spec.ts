import { PostgresEventStore, type RecordedEvent, type StreamAppend } from '@csp/event-store';
import type { MessageBus } from '@csp/message-bus';
import { type Projection, ProjectionRunner } from '@csp/projections';
import { DeadlineStore } from '@csp/scheduler';
import { createTestDatabase, type TestDatabase } from '@csp/testing';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { BirthdayGreetings, openProfileDataSource, profileProjection, readModelTables } from './profile-app';
import { seedStore } from '../../bench/profile-rebuild';
import { profileTraffic } from '../../bench/profile-traffic';
import { categoriesOf, logPages, toBusMessage } from '../event-log-pages';
import type { ReplayProgress } from '../replay-target';
import { customerProfileTarget } from './customer-profile.target';
import { projectLog } from './project-log';
import { replayCustomerProfile } from './profile-replay';
import { LIVE_SCHEMA } from './profile-schemas';

const silent = { increment: () => undefined, stop: () => undefined };
// Both the live projection and the rebuild assess health and plan birthdays at this time.
const clock = () => new Date('2026-12-01T00:00:00Z');
const DAILY = { id: 'profile-daily:2026-12-02', kind: 'profile-daily', dueAt: new Date('2026-12-02T02:00:00Z') };

// Simulated connector traffic in a real PostgreSQL event store, projected by the service's projection into the
// live schema (the running service's read model); the replay must rebuild the same rows into a new schema and
// switch to it under a reader and a projection batch of the "running service".
describe('replay customer-profile from the PostgreSQL event store into a fresh schema', () => {
  const traffic = profileTraffic({ seed: 'replay-profile', customers: 15, events: 300 });
  // Events of other customers, appended while a replay runs (plus one only a live batch delivers).
  const late = profileTraffic({ seed: 'replay-profile-late', customers: 4, events: 40 }).appends
    .filter((a) => (a.events[0].data as { customer?: { email?: string } }).customer?.email)
    .slice(0, 5);
  const categories = categoriesOf(profileProjection().topics);
  let db: TestDatabase;
  let store: PostgresEventStore;
  let client: Client;
  let live: DataSource;
  let liveProjection: Projection;
  /** Like one of the service's pooled connections: the schema by name on its search_path. */
  let reader: Client;

  /** Every row of every table of the live schema as JSON text (bookkeeping timestamps left out), sorted. */
  const snapshot = async () => {
    const out: Record<string, string[]> = {};
    for (const table of await readModelTables(client, LIVE_SCHEMA)) {
      const { rows } = await client.query<{ r: string }>(`SELECT (to_jsonb(t) - 'created_at' - 'updated_at')::text AS r FROM ${LIVE_SCHEMA}.${table} t ORDER BY 1`);
      out[table] = rows.map((row) => row.r);
    }
    return out;
  };
  const schemas = async () =>
    (await client.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE '${LIVE_SCHEMA}%' ORDER BY 1`)).rows.map((r) => r.nspname);
  const timelineHas = async (c: Client, ids: readonly string[]) =>
    Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM customer_timeline WHERE event_id = ANY($1)', [ids])).rows[0].n);
  /** A log reader waits for older transactions of the whole cluster (other suites) to end: wait for these events. */
  const readable = async (ids: readonly string[]) => {
    for (let tries = 0; ; tries++) {
      const seen = new Set<string>();
      for await (const page of logPages(store, categories, { pageSize: 1000 })) page.forEach((e) => seen.add(e.id));
      if (ids.every((id) => seen.has(id))) return;
      if (tries > 300) throw new Error('appended events never became readable');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const idsOf = (appends: readonly StreamAppend[]) => appends.flatMap((a) => a.events.map((e) => e.id as string));

  beforeAll(async () => {
    db = await createTestDatabase('replay_profile');
    store = await PostgresEventStore.create({ connectionString: db.url });
    client = new Client({ connectionString: db.url });
    await client.connect();
    await seedStore(store, traffic.appends, 100, silent);
    await readable(idsOf(traffic.appends));
    // The running service's read model: its projection (birthdays planned) over the log, and its daily run.
    live = await openProfileDataSource(db.url);
    const birthdays = new BirthdayGreetings(DeadlineStore.onExecutor(live, LIVE_SCHEMA), live);
    liveProjection = profileProjection({ care: { clock, birthdays } });
    await projectLog(live, liveProjection, store, { pageSize: 40 });
    await DeadlineStore.onExecutor(live, LIVE_SCHEMA).schedule(DAILY);
    reader = new Client({ connectionString: db.url, options: `-c search_path=${LIVE_SCHEMA}` });
    await reader.connect();
  }, 120_000);
  afterAll(async () => {
    await reader?.end();
    await live?.destroy();
    await client?.end();
    await store?.close();
    await db?.drop();
  });

  it('rebuilds exactly the rows of the live projection, keeps the deadlines it does not plan, drops stale rows', async () => {
    // A birthday greeting that failed once: its retry state belongs to the scheduler, not to the projection.
    const { rows: [retried] } = await client.query<{ id: string }>(
      `UPDATE ${LIVE_SCHEMA}.deadlines SET attempts = 2, last_error = 'smtp down'
       WHERE id = (SELECT min(id) FROM ${LIVE_SCHEMA}.deadlines WHERE kind = 'profile-birthday') RETURNING id`,
    );
    expect(retried?.id).toMatch(/^birthday:/);
    // An announcement the service decided and its relay has not appended yet.
    await client.query(`INSERT INTO ${LIVE_SCHEMA}.event_outbox (stream_name, events) VALUES ('customer-pending', '[]')`);
    const expected = await snapshot();
    expect(expected['customers'].length).toBeGreaterThan(5);
    expect(expected['customer_timeline'].length).toBeGreaterThanOrEqual(traffic.appends.length * 0.8);
    // Stale live data the rebuild must not carry over: a fact no event in the store knows about.
    const stale = crypto.randomUUID();
    await client.query(`INSERT INTO ${LIVE_SCHEMA}.customer_timeline (event_id, customer_id, type, at, data) VALUES ($1, $2, 'stale', now(), '{}')`, [stale, stale]);
    // A greeting of a customer the log does not have (as one erased since): it must not come back.
    await DeadlineStore.onExecutor(live, LIVE_SCHEMA).schedule({ id: `birthday:${stale}:2027`, kind: 'profile-birthday', dueAt: new Date('2027-01-01T09:00:00Z'), payload: { customerId: stale } });

    const progress: number[] = [];
    const summary = await replayCustomerProfile({ events: store, databaseUrl: db.url, pageSize: 25, care: { clock }, onProgress: (done) => progress.push(done) });

    expect(await snapshot()).toEqual(expected);
    expect(summary.mode).toBe('set-based');
    expect(await timelineHas(reader, [stale])).toBe(0);
    expect(await schemas()).toEqual([LIVE_SCHEMA]);
    const { rows: [daily] } = await client.query(`SELECT kind, due_at FROM ${LIVE_SCHEMA}.deadlines WHERE id = $1`, [DAILY.id]);
    expect(daily).toEqual({ kind: DAILY.kind, due_at: DAILY.dueAt });
    const birthdayCount = expected['deadlines'].filter((d) => d.includes('profile-birthday')).length;
    expect(birthdayCount).toBeGreaterThan(0);
    expect(summary.kept).toEqual({ deadlines: 2, outbox: 1 }); // the daily run and the retried greeting's state; the pending row
    expect(expected['event_outbox']).toEqual([expect.stringContaining('customer-pending')]);
    expect(summary.events).toBeGreaterThanOrEqual(traffic.appends.length);
    expect(summary.caughtUp).toBe(0);
    expect(progress[progress.length - 1]).toBe(summary.events);
    expect(progress.length).toBeGreaterThan(10);
    expect(summary.rows['customer_timeline']).toBe(expected['customer_timeline'].length);
    expect(summary.rows['deadlines']).toBe(birthdayCount + 1);
    expect(summary.rows['migrations']).toBeUndefined();
  }, 120_000);

  it('keeps answering from the old tables while it rebuilds, and ends with the events appended meanwhile', async () => {
    const stale = crypto.randomUUID();
    await client.query(`INSERT INTO ${LIVE_SCHEMA}.customer_timeline (event_id, customer_id, type, at, data) VALUES ($1, $2, 'stale', now(), '{}')`, [stale, stale]);
    const [duringRebuild, duringSwitch, onlyLive] = [late.slice(0, 3), late.slice(3, 4), late[4]];
    expect(onlyLive).toBeDefined();
    let appended: Promise<unknown> | undefined;
    let answered: Promise<number> | undefined;
    let blockedBatch: Promise<void> | undefined;
    let answeredWhileLocked: number | undefined;

    const summary = await replayCustomerProfile({
      events: store, databaseUrl: db.url, pageSize: 25, care: { clock },
      onProgress: () => {
        appended ??= store.appendMany(duringRebuild);
        answered ??= timelineHas(reader, [stale]);
      },
      onSwitching: async () => {
        await appended;
        await store.appendMany(duringSwitch);
        await readable(idsOf([...duringRebuild, ...duringSwitch]));
        answeredWhileLocked = await timelineHas(reader, [stale]);
        // The running service's projection receives an event the log's final pass will not read (as from Kafka):
        // its batch waits for the switch, then lands in the new tables.
        const [event] = onlyLive.events;
        const recorded: RecordedEvent = {
          id: event.id as string, type: event.type, streamName: onlyLive.streamName, category: 'interaction', revision: 0n, position: 1n,
          data: event.data, metadata: event.metadata ?? {}, recordedAt: new Date(),
        };
        const runner = new ProjectionRunner(live, undefined as unknown as MessageBus, liveProjection);
        blockedBatch = runner.applyBatch([{ ...toBusMessage(recorded), scope: 'kafka-test' }]);
        await waitForLockWait();
      },
    });
    await blockedBatch;

    expect(await answered).toBe(1);
    expect(answeredWhileLocked).toBe(1);
    expect(summary.caughtUp).toBeGreaterThanOrEqual(duringSwitch.length);
    // The same connection, the same search_path: now the new tables.
    expect(await timelineHas(reader, [stale])).toBe(0);
    expect(await timelineHas(reader, idsOf([...duringRebuild, ...duringSwitch]))).toBe(duringRebuild.length + duringSwitch.length);
    expect(await timelineHas(reader, idsOf([onlyLive]))).toBe(1);
    const { rows } = await reader.query('SELECT position FROM projection_checkpoints WHERE scope = $1', ['kafka-test']);
    expect(rows).toEqual([{ position: '1' }]);
    expect(await schemas()).toEqual([LIVE_SCHEMA]);
  }, 120_000);

  it('is the customer-profile target of npm run replay, which needs the database of the schema', async () => {
    const progress: ReplayProgress = { start: () => undefined, update: () => undefined, stop: () => undefined };
    const context = { events: store, countEvents: async () => 0, progress, pageSize: 500, dataDir: '.data' };
    const lines = await customerProfileTarget.run({ ...context, databaseUrl: db.url, env: { IDENTITY_MAX_PER_KIND: '5' } });
    expect(lines[0]).toMatch(/^customer-profile rebuilt into schema customer_profile: [\d,]+ events in/);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}customer_timeline +[\d,]+ rows$/));
    await expect(customerProfileTarget.run({ ...context, databaseUrl: undefined, env: {} })).rejects.toThrow(/DATABASE_URL/);
    await expect(customerProfileTarget.run({ ...context, databaseUrl: db.url, env: { IDENTITY_MAX_PER_KIND: 'x' } })).rejects.toThrow(/IDENTITY_MAX_PER_KIND/);
  }, 60_000);

  it('rebuilds a log holding an erasure with the per-event projection (the set-based rebuild does not decide erasures)', async () => {
    const { rows: [someone] } = await client.query<{ id: string }>(`SELECT min(id::text) AS id FROM ${LIVE_SCHEMA}.customers`);
    const erased = { customerId: someone.id, alsoErasedIds: [], actor: { kind: 'user', id: 'admin' }, at: '2026-11-30T00:00:00.000Z' };
    const appends: StreamAppend[] = [{ streamName: `customer-${someone.id}`, expectedRevision: 'any', events: [{ id: crypto.randomUUID(), type: 'cs.customer.erased.v1', data: erased }] }];
    await store.appendMany(appends);
    await readable(idsOf(appends));

    const summary = await replayCustomerProfile({ events: store, databaseUrl: db.url, pageSize: 100, care: { clock } });

    expect(summary.mode).toMatch(/^per-event \(an erasure/);
    const { rows } = await client.query(`SELECT customer_id FROM ${LIVE_SCHEMA}.erased_customers`);
    expect(rows).toContainEqual({ customer_id: someone.id }); // with the ids merged into it
    expect(await schemas()).toEqual([LIVE_SCHEMA]);
  }, 120_000);

  /** Until a statement of this database waits for a lock on the checkpoints. */
  async function waitForLockWait(): Promise<void> {
    for (let tries = 0; tries < 200; tries++) {
      const { rows } = await client.query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%projection_checkpoints%'`,
      );
      if (rows.length > 0) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the live batch never waited for the switch');
  }
});
