import { PostgresEventStore, type StreamAppend } from '@csp/event-store';
import { DeadlineStore } from '@csp/scheduler';
import { createTestDatabase, type TestDatabase } from '@csp/testing';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { seedStore } from '../../bench/profile-rebuild';
import { profileTraffic } from '../../bench/profile-traffic';
import { BirthdayGreetings, NeedsPerEventRebuild, openProfileDataSource, profileProjection, readModelTables } from './profile-app';
import { openRebuildSchema, LIVE_SCHEMA, REBUILD_SCHEMA } from './profile-schemas';
import { projectLog } from './project-log';
import { rebuildFromLog } from './set-rebuild';
import { storyAppends } from './set-rebuild.fixture';

const silent = { increment: () => undefined, stop: () => undefined };
// Both the per-event projection and the set-based rebuild assess health and plan birthdays at this time.
const clock = () => new Date('2026-12-01T00:00:00Z');

// Simulator traffic (plus tickets, tags and agents' merges) in a real PostgreSQL event store, projected event by event
// by the service's projection into the live schema; the set-based rebuild of the same log must leave every row of
// every table equal.
describe('set-based rebuild of customer-profile equals the per-event projection', () => {
  const traffic = profileTraffic({ seed: 'set-rebuild', customers: Number(process.env['SET_REBUILD_CUSTOMERS'] ?? 60), events: Number(process.env['SET_REBUILD_EVENTS'] ?? 2500) });
  let db: TestDatabase;
  let store: PostgresEventStore;
  let client: Client;
  let live: DataSource | undefined;

  /** Every row of every table of `schema` as JSON text (bookkeeping timestamps left out), sorted. */
  const snapshot = async (schema: string) => {
    const out: Record<string, string[]> = {};
    for (const table of await readModelTables(client, schema)) {
      const { rows } = await client.query<{ r: string }>(`SELECT (to_jsonb(t) - 'created_at' - 'updated_at')::text AS r FROM ${schema}.${table} t ORDER BY 1`);
      out[table] = rows.map((row) => row.r);
    }
    return out;
  };
  /** Every index of `schema`: name and definition, the schema's name left out. */
  const indexes = async (schema: string) =>
    (await client.query<{ name: string; definition: string }>('SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE schemaname = $1 ORDER BY 1', [schema]))
      .rows.map((r) => `${r.name}: ${r.definition.replace(`${schema}.`, '')}`);
  const append = (appends: readonly StreamAppend[]) => seedStore(store, appends, 100, silent);

  beforeAll(async () => {
    db = await createTestDatabase('set_rebuild_profile');
    store = await PostgresEventStore.create({ connectionString: db.url });
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await live?.destroy();
    await client?.end();
    await store?.close();
    await db?.drop();
  });

  it('writes the same rows as the projection applied event by event, and an empty outbox', async () => {
    await append(traffic.appends);
    await append(storyAppends(traffic.appends));
    live = await openProfileDataSource(db.url);
    const birthdays = new BirthdayGreetings(DeadlineStore.onExecutor(live, LIVE_SCHEMA), live);
    // The per-event projection relays what it decides into the store, so the log the rebuild reads holds it too.
    await projectLog(live, profileProjection({ care: { clock, birthdays } }), store, { pageSize: 200 });
    const expected = await snapshot(LIVE_SCHEMA);
    expect(expected['customers'].length).toBeGreaterThan(30);
    expect(expected['customer_tickets'].length).toBeGreaterThan(0);
    expect(expected['identity_decisions'].length).toBeGreaterThan(0);
    expect(expected['deadlines'].length).toBeGreaterThan(0);
    expect(expected['customers'].filter((r) => !r.includes('"merged_from": []')).length).toBeGreaterThan(10);
    expect(expected['shared_identities']).toEqual(['{"identity_key": "email:family@example.com"}']);
    expect(expected['identity_observations'].filter((r) => r.includes('"verified": false')).length).toBeGreaterThan(0);

    const rebuild = await openRebuildSchema(client, db.url);
    await rebuild.destroy();
    const pages: number[] = [];
    const result = await rebuildFromLog(client, store, { schema: REBUILD_SCHEMA, pageSize: 300, clock, birthdays: true, onPage: (n) => pages.push(n) });

    const actual = await snapshot(REBUILD_SCHEMA);
    // Per table, the rows only one side has (so a failure shows the difference, not two whole tables).
    const only = (a: Record<string, string[]>, b: Record<string, string[]>) =>
      Object.fromEntries(Object.keys(a).map((table) => [table, a[table].filter((row) => !(b[table] ?? []).includes(row))]).filter(([, rows]) => rows.length));
    expect({ onlyProjection: only(expected, actual), onlyRebuild: only(actual, expected) }).toEqual({ onlyProjection: {}, onlyRebuild: {} });
    expect(actual).toEqual(expected);
    // The indexes it dropped to load faster are back, as the migrations made them.
    expect(await indexes(REBUILD_SCHEMA)).toEqual(await indexes(LIVE_SCHEMA));
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    expect(result.rows['customer_timeline']).toBe(expected['customer_timeline'].length);
    expect(pages[pages.length - 1]).toBe(result.events);
    expect(pages.length).toBeGreaterThan(5);
  }, 180_000);

  it('leaves nothing and says so when the log holds an erasure (the per-event projection must rebuild it)', async () => {
    const { id: someone } = JSON.parse((await snapshot(LIVE_SCHEMA))['customers'][0]) as { id: string };
    await append([{
      streamName: `customer-${someone}`, expectedRevision: 'any',
      events: [{ id: crypto.randomUUID(), type: 'cs.customer.erased.v1', data: { customerId: someone, alsoErasedIds: [], actor: { kind: 'agent', id: 'a1' }, at: '2026-11-30T00:00:00.000Z' } }],
    }]);
    const rebuild = await openRebuildSchema(client, db.url);
    await rebuild.destroy();
    await expect(rebuildFromLog(client, store, { schema: REBUILD_SCHEMA, pageSize: 300, clock })).rejects.toThrow(NeedsPerEventRebuild);
    const counts = await client.query<{ n: string }>(`SELECT (SELECT count(*) FROM ${REBUILD_SCHEMA}.customer_timeline) + (SELECT count(*) FROM ${REBUILD_SCHEMA}.customers) AS n`);
    expect(counts.rows[0].n).toBe('0');
  }, 60_000);
});
