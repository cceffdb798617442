import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AnalyticsStoreError } from './analytics-store.errors';
import type { AnalyticsStore } from './analytics-store.port';

export interface ClickHouseMigration {
  /** Orders the migrations: digits (`0001`) compare as numbers, anything else as text. */
  version: string;
  name: string;
  /** One or more statements, each ending with `;` at the end of a line. */
  sql: string;
}

const MIGRATIONS_TABLE = 'schema_migrations';
const FILE_NAME = /^(\d+)_([A-Za-z0-9_-]+)\.sql$/;

/**
 * Applies, in version order, the migrations not yet recorded in `schema_migrations`, and records each one
 * after all its statements ran. Returns the versions applied by this call (none on a second run).
 *
 * ClickHouse DDL is not transactional: a migration that fails half-way is not recorded and runs again from
 * its first statement next time, so write statements that can run twice (`CREATE TABLE IF NOT EXISTS`,
 * `ADD COLUMN IF NOT EXISTS`). Run migrations from one process (a deploy step or the single embedded
 * instance): nothing here stops two processes from applying the same migration at once.
 *
 * Every MergeTree table that receives batched inserts, and every table a materialized view writes into, must
 * set `SETTINGS non_replicated_deduplication_window = <N>` (N > 0), or a retried insert is counted twice.
 */
export async function runClickHouseMigrations(
  store: AnalyticsStore,
  migrations: readonly ClickHouseMigration[],
): Promise<string[]> {
  const ordered = sortMigrations(migrations);
  await store.command(
    `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (version String, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))
     ENGINE = ReplacingMergeTree ORDER BY version SETTINGS non_replicated_deduplication_window = 1000`,
  );
  const rows = await store.query<{ version: string }>(`SELECT version FROM ${MIGRATIONS_TABLE} FINAL`);
  const done = new Set(rows.map((row) => row.version));
  const applied: string[] = [];
  for (const migration of ordered) {
    if (done.has(migration.version)) continue;
    await applyMigration(store, migration);
    applied.push(migration.version);
  }
  return applied;
}

async function applyMigration(store: AnalyticsStore, migration: ClickHouseMigration): Promise<void> {
  for (const statement of splitSqlStatements(migration.sql)) {
    try {
      await store.command(statement);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new AnalyticsStoreError(
        'ANALYTICS_STORE.MIGRATION_FAILED',
        `migration ${migration.version}_${migration.name} failed: ${reason}`,
        error instanceof AnalyticsStoreError ? error.clickhouseCode : undefined,
        { cause: error },
      );
    }
  }
  await store.insert(MIGRATIONS_TABLE, [{ version: migration.version, name: migration.name }], {
    deduplicationToken: `${MIGRATIONS_TABLE}:${migration.version}`,
  });
}

/** Sorted by version; two migrations with one version are a mistake worth failing on before touching anything. */
export function sortMigrations(migrations: readonly ClickHouseMigration[]): ClickHouseMigration[] {
  const seen = new Set<string>();
  for (const { version } of migrations) {
    if (seen.has(version)) throw new AnalyticsStoreError('ANALYTICS_STORE.MIGRATION_INVALID', `duplicate migration version ${version}`);
    seen.add(version);
  }
  return [...migrations].sort((a, b) => compareVersions(a.version, b.version));
}

function compareVersions(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const [x, y] = [BigInt(a), BigInt(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Splits a file into statements: a statement ends on a line whose last character is `;` (comment lines
 * excepted). Statements made only of comments and blank lines are dropped.
 */
export function splitSqlStatements(sql: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  const finish = () => {
    const text = current.join('\n').trim();
    if (text.split('\n').some((line) => !isBlankOrComment(line))) statements.push(text);
    current = [];
  };
  for (const line of sql.split(/\r?\n/)) {
    const trimmed = line.trimEnd();
    if (!isBlankOrComment(trimmed) && trimmed.endsWith(';')) {
      current.push(trimmed.slice(0, -1));
      finish();
    } else {
      current.push(line);
    }
  }
  finish();
  return statements;
}

function isBlankOrComment(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === '' || trimmed.startsWith('--');
}

/** Reads `NNNN_name.sql` files from a folder (other files are ignored; a misnamed `.sql` file is an error). */
export async function loadClickHouseMigrations(dir: string): Promise<ClickHouseMigration[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.sql'));
  const migrations = await Promise.all(
    files.map(async (file) => {
      const match = FILE_NAME.exec(file);
      if (!match) {
        throw new AnalyticsStoreError('ANALYTICS_STORE.MIGRATION_INVALID', `migration file ${file} is not named NNNN_name.sql`);
      }
      return { version: match[1], name: match[2], sql: await readFile(join(dir, file), 'utf8') };
    }),
  );
  return sortMigrations(migrations);
}
