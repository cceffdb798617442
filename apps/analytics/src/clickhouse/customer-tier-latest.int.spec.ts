import { type AnalyticsStore, createAnalyticsStore, loadClickHouseMigrations, runClickHouseMigrations } from '@csp/clickhouse';
import { createTestChdbDir } from '@csp/testing';
import { ANALYTICS_MIGRATIONS_DIR } from './analytics-migrations';

// Migration 0010: the latest tier of every customer, backfilled from the changes projected before it, then fed by a view.
describe('customer_tier_latest (migration 0010, chDB)', () => {
  const chdb = createTestChdbDir('analytics-tier-latest');
  let store: AnalyticsStore;
  const change = (n: number, customer: string, tier: string, at: string) => ({
    customer_id: customer, tier, at, event_id: `00000000-0000-4000-9000-00000000000${n}`,
  });
  const insert = (rows: Record<string, unknown>[], token: string) => store.insert('customer_tiers', rows, { deduplicationToken: token });

  beforeAll(async () => {
    store = await createAnalyticsStore({ dataDir: chdb.dir });
  });
  afterAll(async () => {
    await store.close();
    chdb.cleanup();
  });

  it('keeps the change with the latest time per customer, from before and after the migration, in any arrival order', async () => {
    const migrations = await loadClickHouseMigrations(ANALYTICS_MIGRATIONS_DIR);
    await runClickHouseMigrations(store, migrations.filter((m) => m.version < '0010'));
    // Before: c1 gold, then an older standard arriving later; c2 vip, delivered twice.
    await insert([change(1, 'c1', 'gold', '2026-11-02 00:00:00.000')], 'a');
    await insert([change(2, 'c1', 'standard', '2026-11-01 00:00:00.000')], 'b');
    await insert([change(3, 'c2', 'vip', '2026-11-01 00:00:00.000')], 'c');
    await insert([change(3, 'c2', 'vip', '2026-11-01 00:00:00.000')], 'd');
    expect(await runClickHouseMigrations(store, migrations)).toEqual(['0010']);
    // After: c2 drops to standard, c3 appears, and an older change of c1 arrives late.
    await insert([change(4, 'c2', 'standard', '2026-11-05 00:00:00.000'), change(5, 'c3', 'gold', '2026-11-05 00:00:00.000')], 'e');
    await insert([change(6, 'c1', 'vip', '2026-10-01 00:00:00.000')], 'f');

    expect(await store.query('SELECT customer_id, tier, toString(at) AS at FROM customer_tier_latest FINAL ORDER BY customer_id')).toEqual([
      { customer_id: 'c1', tier: 'gold', at: '2026-11-02 00:00:00.000' },
      { customer_id: 'c2', tier: 'standard', at: '2026-11-05 00:00:00.000' },
      { customer_id: 'c3', tier: 'gold', at: '2026-11-05 00:00:00.000' },
    ]);
  });
});
