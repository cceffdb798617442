import { type AnalyticsStore, type ClickHouseMigration, loadClickHouseMigrations, runClickHouseMigrations } from '@csp/clickhouse';
import { join } from 'node:path';

/** The analytics schema's migration files (copied beside the bundle by the build like the source tree). */
export const ANALYTICS_MIGRATIONS_DIR = join(__dirname, 'migrations');

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

/** Applies the analytics migrations not applied yet; returns the versions this call applied. */
export async function migrateAnalytics(store: AnalyticsStore, dir = ANALYTICS_MIGRATIONS_DIR): Promise<string[]> {
  return runClickHouseMigrations(store, await loadClickHouseMigrations(dir));
}

/** Which migrations the store has recorded and which would run next, without changing anything. */
export async function analyticsMigrationStatus(store: AnalyticsStore, dir = ANALYTICS_MIGRATIONS_DIR): Promise<MigrationStatus> {
  const migrations = await loadClickHouseMigrations(dir);
  const [{ present }] = await store.query<{ present: number }>(
    "SELECT count() > 0 AS present FROM system.tables WHERE database = currentDatabase() AND name = 'schema_migrations'",
  );
  const recorded = present
    ? new Set((await store.query<{ version: string }>('SELECT version FROM schema_migrations FINAL')).map((r) => r.version))
    : new Set<string>();
  const label = (m: ClickHouseMigration) => `${m.version}_${m.name}`;
  return {
    applied: migrations.filter((m) => recorded.has(m.version)).map(label),
    pending: migrations.filter((m) => !recorded.has(m.version)).map(label),
  };
}
