import { createTestChdbDir, type TestChdbDir } from '@csp/testing';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalyticsStore } from './analytics-store.port';
import { createAnalyticsStore } from './clickhouse-analytics-store.adapter';
import { loadClickHouseMigrations, runClickHouseMigrations } from './clickhouse-migrations';

describe('ClickHouse migrations on chDB', () => {
  let data: TestChdbDir;
  let store: AnalyticsStore;
  let folder: string;

  const write = (file: string, sql: string) => writeFileSync(join(folder, file), sql);
  const columns = async (table: string) =>
    (await store.query<{ name: string }>(`SELECT name FROM system.columns WHERE table = {t:String} ORDER BY position`, { t: table })).map(
      (c) => c.name,
    );

  beforeAll(async () => {
    data = createTestChdbDir();
    folder = join(data.dir, 'migrations');
    mkdirSync(folder);
    store = await createAnalyticsStore({ dataDir: join(data.dir, 'db') });
  });
  afterAll(async () => {
    await store.close();
    data.cleanup();
  });

  it('loads NNNN_name.sql files in version order', async () => {
    // 0010 alters what 0002 creates: applied in file-name order it would fail.
    write('0010_add_priority.sql', 'ALTER TABLE tickets ADD COLUMN IF NOT EXISTS priority LowCardinality(String);\n');
    write('0002_tickets.sql', [
      '-- tickets read model',
      'CREATE TABLE IF NOT EXISTS tickets (id String, version UInt64)',
      'ENGINE = ReplacingMergeTree(version) ORDER BY id',
      'SETTINGS non_replicated_deduplication_window = 1000;',
      '',
      "INSERT INTO tickets VALUES ('t-0', 1);",
    ].join('\n'));
    write('README.md', 'not a migration');
    const migrations = await loadClickHouseMigrations(folder);
    expect(migrations.map((m) => [m.version, m.name])).toEqual([['0002', 'tickets'], ['0010', 'add_priority']]);
  });

  it('applies each migration once, in order, and records it', async () => {
    const migrations = await loadClickHouseMigrations(folder);
    expect(await runClickHouseMigrations(store, [...migrations].reverse())).toEqual(['0002', '0010']);
    expect(await columns('tickets')).toEqual(['id', 'version', 'priority']);
    expect(await store.query(`SELECT count() AS n FROM tickets`)).toEqual([{ n: '1' }]);

    expect(await runClickHouseMigrations(store, migrations)).toEqual([]);
    expect(await store.query(`SELECT count() AS n FROM tickets`)).toEqual([{ n: '1' }]);
    expect(await store.query(`SELECT version, name FROM schema_migrations FINAL ORDER BY version`)).toEqual([
      { version: '0002', name: 'tickets' },
      { version: '0010', name: 'add_priority' },
    ]);
  });

  it('applies only the new migration when one is added later', async () => {
    write('0011_add_team.sql', 'ALTER TABLE tickets ADD COLUMN IF NOT EXISTS team String;');
    expect(await runClickHouseMigrations(store, await loadClickHouseMigrations(folder))).toEqual(['0011']);
    expect(await columns('tickets')).toEqual(['id', 'version', 'priority', 'team']);
  });

  it('does not record a failing migration, so it runs again once fixed', async () => {
    write('0012_broken.sql', 'ALTER TABLE tickets ADD COLUMN IF NOT EXISTS channel String;\nALTER TABLE no_such_table ADD COLUMN x String;');
    await expect(runClickHouseMigrations(store, await loadClickHouseMigrations(folder))).rejects.toMatchObject({
      code: 'ANALYTICS_STORE.MIGRATION_FAILED',
      message: expect.stringContaining('0012_broken'),
    });
    write('0012_broken.sql', 'ALTER TABLE tickets ADD COLUMN IF NOT EXISTS channel String;');
    expect(await runClickHouseMigrations(store, await loadClickHouseMigrations(folder))).toEqual(['0012']);
    expect(await columns('tickets')).toContain('channel');
  });

  it('refuses a misnamed .sql file', async () => {
    write('add_things.sql', 'SELECT 1;');
    await expect(loadClickHouseMigrations(folder)).rejects.toMatchObject({ code: 'ANALYTICS_STORE.MIGRATION_INVALID' });
  });
});
