/**
 * The analytics store port: an append-mostly columnar store for facts and KPI aggregates (ClickHouse in
 * production, chDB embedded). Writes are batched and idempotent through a deduplication token; reads bind
 * values with ClickHouse's `{name:Type}` placeholders, never by building SQL strings.
 */
export const ANALYTICS_STORE = Symbol('ANALYTICS_STORE');

export type AnalyticsRow = Record<string, unknown>;

export interface InsertOptions {
  /**
   * Identifies this batch: inserting again with the same token is a no-op, so a retried or replayed batch is
   * never counted twice. The target table (and every table a materialized view feeds from it) must be
   * created with `SETTINGS non_replicated_deduplication_window = N` (N > 0) unless it is a Replicated table.
   */
  deduplicationToken: string;
}

/** Query parameters for `{name:Type}` placeholders. `bigint` for 64-bit integers, `Date` for DateTime64. */
export type QueryParams = Record<string, unknown>;

export interface AnalyticsStore {
  /** Inserts rows (JSONEachRow) into `table`; keys are column names, omitted columns get their defaults. */
  insert(table: string, rows: readonly AnalyticsRow[], options: InsertOptions): Promise<void>;
  /**
   * Runs a SELECT and returns its rows. 64-bit integers come back as strings (JSON cannot hold them
   * exactly), DateTime64 as `YYYY-MM-DD hh:mm:ss.fff` in the column's time zone.
   */
  query<T = AnalyticsRow>(sql: string, params?: QueryParams): Promise<T[]>;
  /** Runs a statement without result rows (DDL, `INSERT … SELECT`, `OPTIMIZE`). */
  command(sql: string, params?: QueryParams): Promise<void>;
  /** True when the store answers; never throws. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
