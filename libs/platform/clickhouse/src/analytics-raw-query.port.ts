import type { QueryParams } from './analytics-store.port';

/** A value for one ClickHouse setting, as a SETTINGS clause can hold it. */
export type SettingValue = string | number | boolean;

export interface RawQueryOptions {
  /** Output format when the statement has no FORMAT clause of its own (ClickHouse's `default_format`). */
  format?: string;
  /** Values for `{name:Type}` placeholders, bound by the engine. */
  params?: QueryParams;
  /**
   * Settings for this one statement. They are written as the statement's own trailing `SETTINGS` clause, not
   * sent as session settings: chDB turns per-call settings into session-wide `SET`s, so a `readonly = 1` sent
   * that way would make the whole store read-only for every later caller. The statement must therefore have
   * no `SETTINGS` clause of its own.
   */
  settings?: Readonly<Record<string, SettingValue>>;
  abortSignal?: AbortSignal;
  queryId?: string;
}

export interface RawQueryResult {
  /** The response exactly as the engine formatted it. */
  body: Buffer;
  queryId: string;
  /** What the engine read and returned (`read_rows`, `read_bytes`, `result_rows`, `elapsed_ns`, ...) when it says. */
  summary?: Readonly<Record<string, string>>;
}

/**
 * Runs one caller-written statement and returns its formatted output untouched, for endpoints that relay
 * ClickHouse's own answers (the analysts' SQL endpoint). Deciding whether the statement may run at all is the
 * caller's job; the settings passed here are how the engine is told to enforce it too.
 */
export interface AnalyticsRawQuery {
  queryRaw(sql: string, options?: RawQueryOptions): Promise<RawQueryResult>;
}
