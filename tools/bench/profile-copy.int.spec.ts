import { PostgresEventStore } from '@csp/event-store';
import { createTestDatabase, type TestDatabase } from '@csp/testing';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { Progress } from './bench-progress';
import { openProfileDataSource, PROFILE_SCHEMA, readModelTables } from '../replay/customer-profile/profile-app';
import { copyBack, dumpTable, truncate } from './profile-copy';
import { Hotspots } from './profile-hotspots';
import { cpuLine } from './profile-phases';
import { rebuild, seedStore } from './profile-rebuild';
import { profileTraffic } from './profile-traffic';

const silent: Progress = { increment: () => undefined, stop: () => undefined };

/** Every row of every read-model table, as text, in a stable order. */
async function snapshot(client: Client, tables: readonly string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of tables) {
    const { rows } = await client.query<{ r: string }>(`SELECT t::text AS r FROM ${PROFILE_SCHEMA}.${t} t ORDER BY 1`);
    out[t] = rows.map((r) => r.r);
  }
  return out;
}

describe('bench:profile rebuild and COPY baseline against PostgreSQL', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase('bench_profile_copy');
    store = await PostgresEventStore.create({ connectionString: db.url });
    dataSource = await openProfileDataSource(db.url);
    client = new Client({ connectionString: db.url });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
    await dataSource.destroy();
    await store.close();
    await db.drop();
  });

  it('rebuilds the read model from the log, and COPY of the dumped rows restores exactly the same tables', async () => {
    const traffic = profileTraffic({ seed: 'profile-copy-spec', customers: 12, events: 150 });
    expect(traffic.appends).toHaveLength(150);
    await seedStore(store, traffic.appends, 50, silent);
    const hotspots = new Hotspots();
    const result = await rebuild(db.url, store, { pageSize: 40, progress: silent, hotspots });
    expect(result.events).toBe(150);
    expect(result.pages).toBeGreaterThanOrEqual(4);
    // Every statement of the rebuild's connection and every read of the log is timed, COPY included.
    const timed = hotspots.top(50).map((h) => h.what);
    expect(timed).toEqual(expect.arrayContaining(['event store: readAll (a page of the log)', 'BEGIN', 'COMMIT']));
    expect(timed.filter((what) => what.startsWith('COPY "customer_profile"."customer_timeline"'))).toHaveLength(1);
    expect(hotspots.totalCalls()).toBeGreaterThan(result.pages + 10);
    expect(result.cpu.nodeMs).toBeGreaterThan(0);
    expect(cpuLine({ ...result, events: 1000, cpu: { nodeMs: 300, postgresMs: 100 } }, { nodeMs: 20, postgresMs: 100 }))
      .toMatch(/rebuild 400\.0 ms \(node 300\.0 \+ postgres 100\.0\), COPY baseline 120\.0 ms .*COPY \/ rebuild = 30\.0 %; rebuild CPU for 2,000,000 events: 800 s/);

    const tables = await readModelTables(client, PROFILE_SCHEMA);
    expect(tables).toEqual(expect.arrayContaining(['customers', 'customer_timeline', 'projection_checkpoints']));
    expect(tables).not.toContain('migrations');
    // A referenced table is filled before the tables whose foreign keys point at it.
    expect(tables.indexOf('identity_observations')).toBeLessThan(tables.indexOf('observation_identities'));

    const before = await snapshot(client, tables);
    expect(before['customer_timeline'].length).toBeGreaterThanOrEqual(150);
    expect(before['customers'].length).toBeGreaterThan(0);
    const dumps = [];
    for (const t of tables) dumps.push(await dumpTable(client, PROFILE_SCHEMA, t, 7));
    await truncate(client, PROFILE_SCHEMA, tables);
    expect((await snapshot(client, ['customers']))['customers']).toHaveLength(0);

    const copied = await copyBack(client, PROFILE_SCHEMA, dumps);
    expect(copied.rows).toBe(Object.values(before).reduce((s, rows) => s + rows.length, 0));
    expect(await snapshot(client, tables)).toEqual(before);
  });
});
