import { mkdirSync } from 'node:fs';
import { type ClickHouseClient, ClickHouseLogLevel, type ClickHouseSettings, createClient } from '@clickhouse/client';
import { AnalyticsStoreError, toAnalyticsStoreError } from './analytics-store.errors';
import type { AnalyticsRow, AnalyticsStore, InsertOptions, QueryParams } from './analytics-store.port';
import { assertTableName, encodeQueryParams, stringifyRow } from './clickhouse-encoding';

export interface AnalyticsStoreOptions {
  /** HTTP(S) URL of a ClickHouse server. Without it the store runs chDB in-process at `dataDir`. */
  url?: string;
  username?: string;
  password?: string;
  /** Server only: chDB always uses `default`, its data directory already being private to one service. */
  database?: string;
  /** chDB data directory (created if missing). One process owns it at a time; a second gets "Cannot lock file". */
  dataDir?: string;
}

// `moduleResolution: node` cannot see package `exports` subpaths, so the types are taken from the file the
// `chdb/connection` export points at, and the module is loaded by its public name.
type ChdbConnectionModule = typeof import('chdb/dist/connection');
const CHDB_CONNECTION = 'chdb/connection';
type ClientConnection = NonNullable<Parameters<typeof createClient>[0]>['connection'];

/**
 * Settings sent with every statement, so both backends answer alike: 64-bit integers as JSON strings (the
 * defaults differ between server versions and chDB) and ISO-8601 dates accepted on insert.
 */
const COMMON_SETTINGS: ClickHouseSettings = {
  output_format_json_quote_64bit_integers: 1,
  date_time_input_format: 'best_effort',
};

/**
 * The one AnalyticsStore implementation, over `@clickhouse/client`. Server and chDB differ only in the
 * connection handed to the client (see `createAnalyticsStore`), so every statement takes the same path.
 */
export class ClickHouseAnalyticsStore implements AnalyticsStore {
  private closed = false;

  constructor(
    private readonly client: ClickHouseClient,
    private readonly afterClose: () => Promise<void> = async () => undefined,
  ) {}

  async insert(table: string, rows: readonly AnalyticsRow[], options: InsertOptions): Promise<void> {
    assertTableName(table);
    if (!options.deduplicationToken) {
      throw new AnalyticsStoreError('ANALYTICS_STORE.MISSING_TOKEN', `insert into ${table} without a deduplication token`);
    }
    if (rows.length === 0) return;
    await this.run(`insert into ${table}`, () =>
      this.client.insert({
        table,
        values: rows as AnalyticsRow[],
        format: 'JSONEachRow',
        clickhouse_settings: { insert_deduplication_token: options.deduplicationToken },
      }),
    );
  }

  async query<T = AnalyticsRow>(sql: string, params?: QueryParams): Promise<T[]> {
    return this.run('query', async () => {
      const result = await this.client.query({ query: sql, query_params: encodeQueryParams(params), format: 'JSONEachRow' });
      return result.json<T>();
    });
  }

  async command(sql: string, params?: QueryParams): Promise<void> {
    await this.run('command', () =>
      this.client.command({
        query: sql,
        query_params: encodeQueryParams(params),
        // chDB applies per-call settings as session-wide SETs, so the last insert's token would still be set
        // here and an `INSERT … SELECT` would be silently dropped as its duplicate. Clearing it is a no-op on
        // a server, where every HTTP request starts from the defaults.
        clickhouse_settings: { insert_deduplication_token: '' },
      }),
    );
  }

  async ping(): Promise<boolean> {
    if (this.closed) return false;
    try {
      return (await this.client.ping()).success;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
    await this.afterClose();
  }

  private async run<T>(operation: string, call: () => Promise<T>): Promise<T> {
    if (this.closed) throw new AnalyticsStoreError('ANALYTICS_STORE.CLOSED', `${operation}: the store is closed`);
    try {
      return await call();
    } catch (error) {
      throw toAnalyticsStoreError(error, operation);
    }
  }
}

/** A ClickHouse server when `url` is set, else chDB in this process at `dataDir`. */
export async function createAnalyticsStore(options: AnalyticsStoreOptions): Promise<ClickHouseAnalyticsStore> {
  const common = {
    clickhouse_settings: COMMON_SETTINGS,
    json: { parse: JSON.parse, stringify: stringifyRow },
    // Every failure reaches the caller as an AnalyticsStoreError; the client logging it too would say it twice.
    log: { level: ClickHouseLogLevel.OFF },
  };
  if (options.url) {
    const { url, username, password, database } = options;
    return new ClickHouseAnalyticsStore(createClient({ ...common, url, username, password, database }));
  }
  if (!options.dataDir) {
    throw new AnalyticsStoreError('ANALYTICS_STORE.CONFIG', 'createAnalyticsStore needs a server url or a chDB dataDir');
  }
  mkdirSync(options.dataDir, { recursive: true });
  // Loaded only here so a server deployment never maps the embedded engine into memory.
  const [{ createChdbConnection }, { drainPending }] = await Promise.all([
    import(CHDB_CONNECTION) as Promise<ChdbConnectionModule>,
    import('chdb'),
  ]);
  let connection: ClientConnection;
  try {
    // The client vendors its own copy of the `Connection` types, structurally the same as chdb's.
    connection = createChdbConnection({ path: options.dataDir }) as unknown as ClientConnection;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // chDB's own message is terse ("Failed to create connection"); the engine's reason goes to stderr.
    const hint = 'another process may hold its lock, or this process has another chDB directory open';
    const message = `cannot open chDB at ${options.dataDir}: ${reason} (${hint})`;
    throw new AnalyticsStoreError('ANALYTICS_STORE.CONNECTION', message, undefined, { cause: error });
  }
  // chDB binds one data directory per process: after closing, wait until the engine has really let go of
  // it, so the next store in this process may open a different directory.
  return new ClickHouseAnalyticsStore(createClient({ ...common, connection }), drainPending);
}
