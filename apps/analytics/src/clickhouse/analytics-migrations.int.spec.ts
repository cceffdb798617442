import { type AnalyticsStore, createAnalyticsStore } from '@csp/clickhouse';
import { createTestChdbDir } from '@csp/testing';
import { readdirSync } from 'node:fs';
import { ANALYTICS_MIGRATIONS_DIR, analyticsMigrationStatus, migrateAnalytics } from './analytics-migrations';

describe('analytics migrations (chDB)', () => {
  const chdb = createTestChdbDir('analytics-migrate');
  let store: AnalyticsStore;
  const files = readdirSync(ANALYTICS_MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort().map((f) => f.replace(/\.sql$/, ''));

  beforeAll(async () => {
    store = await createAnalyticsStore({ dataDir: chdb.dir });
  });
  afterAll(async () => {
    await store.close();
    chdb.cleanup();
  });

  it('reports everything pending on an empty store, applies in order once, then nothing is pending', async () => {
    expect(await analyticsMigrationStatus(store)).toEqual({ applied: [], pending: files });
    expect(await migrateAnalytics(store)).toEqual(files.map((f) => f.slice(0, 4)));
    expect(await migrateAnalytics(store)).toEqual([]);
    expect(await analyticsMigrationStatus(store)).toEqual({ applied: files, pending: [] });
    const tables = (await store.query<{ name: string }>('SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name')).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['ticket_events', 'sla_events', 'survey_answers', 'tickets', 'ticket_current', 'interactions_daily']));
  });
});
