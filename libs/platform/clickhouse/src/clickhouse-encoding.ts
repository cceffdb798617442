import { AnalyticsStoreError } from './analytics-store.errors';
import type { QueryParams } from './analytics-store.port';

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/**
 * The client writes the table name into `INSERT INTO <table>` verbatim, so it is the one identifier that is
 * not bound: accept only plain `table` or `database.table` names.
 */
export function assertTableName(table: string): void {
  if (!TABLE_NAME.test(table)) {
    throw new AnalyticsStoreError('ANALYTICS_STORE.INVALID_TABLE_NAME', `not a plain table name: ${JSON.stringify(table)}`);
  }
}

/**
 * Query parameters as both backends bind them alike. Dates become Unix seconds with milliseconds, the form
 * `@clickhouse/client` sends a server; chDB's own binder would drop the milliseconds. Arrays are encoded
 * element by element; other values (string, number, bigint, boolean, null, maps) pass through unchanged.
 */
export function encodeQueryParams(params: QueryParams | undefined): QueryParams | undefined {
  if (params === undefined) return undefined;
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, encodeParam(value)]));
}

function encodeParam(value: unknown): unknown {
  if (value instanceof Date) return unixSeconds(value);
  if (Array.isArray(value)) return value.map(encodeParam);
  return value;
}

function unixSeconds(date: Date): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new AnalyticsStoreError('ANALYTICS_STORE.INVALID_PARAM', 'invalid Date query parameter');
  const seconds = Math.floor(ms / 1000);
  const millis = ms - seconds * 1000;
  return millis === 0 ? String(seconds) : `${seconds}.${String(millis).padStart(3, '0')}`;
}

/**
 * JSON for one JSONEachRow line. `bigint` is written as a decimal string, which ClickHouse reads into
 * (U)Int64/128/256 columns exactly; `JSON.stringify` alone would throw on it. Dates become ISO-8601 strings,
 * which the store parses with `date_time_input_format = 'best_effort'`.
 */
export function stringifyRow(row: unknown): string {
  return JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A trailing `SETTINGS` clause for one statement, on its own line so that a `--` comment ending the statement
 * cannot swallow it. Names must be plain identifiers; strings become quoted literals, escaped as ClickHouse
 * reads them, so a value can never close the clause and start another.
 */
export function settingsClause(settings: Readonly<Record<string, string | number | boolean>> | undefined): string {
  const entries = Object.entries(settings ?? {});
  if (entries.length === 0) return '';
  const assignments = entries.map(([name, value]) => {
    if (!SETTING_NAME.test(name)) {
      throw new AnalyticsStoreError('ANALYTICS_STORE.INVALID_SETTING', `not a setting name: ${JSON.stringify(name)}`);
    }
    return `${name} = ${settingLiteral(value)}`;
  });
  return `\nSETTINGS ${assignments.join(', ')}`;
}

function settingLiteral(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new AnalyticsStoreError('ANALYTICS_STORE.INVALID_SETTING', `not a finite setting value: ${value}`);
    return String(value);
  }
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
