import { mkdirSync } from 'node:fs';
import { type ClickHouseClient, ClickHouseLogLevel, type ClickHouseSettings, createClient, type DataFormat } from '@clickhouse/client';
import type { AnalyticsRawQuery, RawQueryOptions, RawQueryResult } from './analytics-raw-query.port';
import { AnalyticsStoreError, toAnalyticsStoreError } from './analytics-store.errors';
import type { AnalyticsRow, AnalyticsStore, InsertOptions, QueryParams } from './analytics-store.port';
import { assertTableName, encodeQueryParams, settingsClause, stringifyRow } from './clickhouse-encoding';

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
export class ClickHouseAnalyticsStore implements AnalyticsStore, AnalyticsRawQuery {
  private closed = false;
  private rawClient?: ClickHouseClient;
  private rawTurn: Promise<unknown> = Promise.resolve();
  private mainTurn: Promise<unknown> = Promise.resolve();

  /**
   * `openRawClient` gives `queryRaw` a connection of its own. chDB runs one statement at a time per session, so
   * an analyst's 30-second query on the shared one would hold up every insert and KPI query behind it; a second
   * session on the same directory in this process runs alongside. A server needs none: each request is separate.
   */
  constructor(
    private readonly client: ClickHouseClient,
    private readonly afterClose: () => Promise<void> = async () => undefined,
    private readonly openRawClient?: () => ClickHouseClient,
  ) {}

  async insert(table: string, rows: readonly AnalyticsRow[], options: InsertOptions): Promise<void> {
    assertTableName(table);
    if (!options.deduplicationToken) {
      throw new AnalyticsStoreError('ANALYTICS_STORE.MISSING_TOKEN', `insert into ${table} without a deduplication token`);
    }
    if (rows.length === 0) return;
    await this.run(`insert into ${table}`, () =>
      this.onMainSession(() =>
        this.client.insert({
          table,
          values: rows as AnalyticsRow[],
          format: 'JSONEachRow',
          // A retry after the table took the block but a materialized view's push failed must still reach the view,
          // once: the view's target deduplicates its own block (the default since some ClickHouse versions, not all).
          clickhouse_settings: { insert_deduplication_token: options.deduplicationToken, deduplicate_blocks_in_dependent_materialized_views: 1 },
        }),
      ),
    );
  }

  async query<T = AnalyticsRow>(sql: string, params?: QueryParams): Promise<T[]> {
    return this.run('query', () =>
      this.onMainSession(async () => {
        const result = await this.client.query({ query: sql, query_params: encodeQueryParams(params), format: 'JSONEachRow' });
        return result.json<T>();
      }),
    );
  }

  async command(sql: string, params?: QueryParams): Promise<void> {
    await this.run('command', () =>
      this.onMainSession(() =>
        this.client.command({
          query: sql,
          query_params: encodeQueryParams(params),
          // chDB applies per-call settings as session-wide SETs, so the last insert's token would still be set
          // here and an `INSERT … SELECT` would be silently dropped as its duplicate. Clearing it is a no-op on
          // a server, where every HTTP request starts from the defaults.
          clickhouse_settings: { insert_deduplication_token: '' },
        }),
      ),
    );
  }

  async queryRaw(sql: string, options: RawQueryOptions = {}): Promise<RawQueryResult> {
    // One at a time, which costs nothing on chDB (its session runs one statement at a time anyway) and lets a
    // failure be cleaned up before the next statement runs (see flushAfterFailure).
    const turn = this.rawTurn.then(() => this.runRaw(sql, options));
    this.rawTurn = turn.catch(() => undefined);
    return turn;
  }

  private async runRaw(sql: string, options: RawQueryOptions): Promise<RawQueryResult> {
    // The client strips one trailing `;`; any more, or one before our SETTINGS clause, would split the statement.
    const statement = sql.replace(/[\s;]+$/, '') + settingsClause(options.settings);
    return this.run('query', async () => {
      this.rawClient ??= this.openRawClient?.();
      const client = this.rawClient ?? this.client;
      try {
        const result = await client.exec({
          query: statement,
          query_params: encodeQueryParams(options.params),
          // HTTP ClickHouse answers TabSeparated by default, chDB CSV: name the format so both answer alike.
          clickhouse_settings: { default_format: (options.format ?? 'TabSeparated') as DataFormat },
          abort_signal: options.abortSignal,
          query_id: options.queryId,
        });
        const chunks: Buffer[] = [];
        for await (const chunk of result.stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
        return { body: Buffer.concat(chunks), queryId: result.query_id, summary: stringValues(result.summary) };
      } catch (error) {
        if (this.rawClient) await flushAfterFailure(this.rawClient);
        throw error;
      }
    });
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
    await this.rawClient?.close();
    await this.client.close();
    await this.afterClose();
  }

  /**
   * chDB (the store has a raw-session opener only then): one statement at a time on the shared session, which
   * costs nothing (the engine runs them one by one anyway), so that after a failure the leftover output is taken
   * away (flushAfterFailure) before the next statement, of whichever caller, runs. A server runs each request
   * on its own: nothing to order.
   */
  private onMainSession<T>(call: () => Promise<T>): Promise<T> {
    if (!this.openRawClient) return call();
    const turn = this.mainTurn.then(async () => {
      try {
        return await call();
      } catch (error) {
        await flushAfterFailure(this.client);
        throw error;
      }
    });
    this.mainTurn = turn.catch(() => undefined);
    return turn;
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
  const dataDir = options.dataDir;
  mkdirSync(dataDir, { recursive: true });
  // Loaded only here so a server deployment never maps the embedded engine into memory.
  const [{ createChdbConnection }, { drainPending }] = await Promise.all([
    import(CHDB_CONNECTION) as Promise<ChdbConnectionModule>,
    import('chdb'),
  ]);
  let connection: ClientConnection;
  try {
    // The client vendors its own copy of the `Connection` types, structurally the same as chdb's.
    connection = createChdbConnection({ path: dataDir }) as unknown as ClientConnection;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // chDB's own message is terse ("Failed to create connection"); the engine's reason goes to stderr.
    const hint = 'another process may hold its lock, or this process has another chDB directory open';
    const message = `cannot open chDB at ${options.dataDir}: ${reason} (${hint})`;
    throw new AnalyticsStoreError('ANALYTICS_STORE.CONNECTION', message, undefined, { cause: error });
  }
  // chDB binds one data directory per process: after closing, wait until the engine has really let go of
  // it, so the next store in this process may open a different directory.
  const openRawClient = () => createClient({ ...common, connection: createChdbConnection({ path: dataDir }) as unknown as ClientConnection });
  return new ClickHouseAnalyticsStore(createClient({ ...common, connection }), drainPending, openRawClient);
}

function stringValues(record: object | undefined): Record<string, string> | undefined {
  return record && Object.fromEntries(Object.entries(record).map(([key, value]) => [key, String(value)]));
}

/**
 * chDB keeps what a failed statement had already written and hands it out at the start of the session's next
 * answer (measured with chDB 3.4: two rows of a `throwIf` that failed on the sixth came back ahead of the next
 * `SELECT 5`). A throwaway statement takes that leftover, so the next caller's answer is its own.
 */
async function flushAfterFailure(client: ClickHouseClient): Promise<void> {
  try {
    const result = await client.exec({ query: 'SELECT 1', clickhouse_settings: { default_format: 'TabSeparated' } });
    for await (const _chunk of result.stream) void _chunk;
  } catch {
    // Nothing more to do: the failure being reported is the caller's.
  }
}
