import type { SettingValue } from '@csp/clickhouse';

/** What one analyst query may cost. The engine enforces each (verified on chDB: see analyst-sql.int.spec.ts). */
export interface AnalystSqlLimits {
  /** `max_execution_time`: the engine stops the query with TIMEOUT_EXCEEDED (159). */
  maxExecutionSeconds: number;
  /** `max_rows_to_read` / `max_bytes_to_read`: checked against the engine's estimate before reading, and while. */
  maxRowsToRead: number;
  maxBytesToRead: number;
  /** `max_result_rows` / `max_result_bytes`, with `result_overflow_mode = 'throw'`: an error, never a cut result. */
  maxResultRows: number;
  maxResultBytes: number;
  /** `max_memory_usage`: chDB runs inside the analytics service, so one query must not take its memory. */
  maxMemoryBytes: number;
  /** Largest query text accepted (URL plus body), in bytes. */
  maxQueryBytes: number;
  /**
   * Queries answered at once; more are refused (TOO_MANY_SIMULTANEOUS_QUERIES). chDB runs them one after another
   * on the endpoint's own session, so each one waiting adds up to `maxExecutionSeconds` to the next one's wait.
   */
  maxConcurrentQueries: number;
}

export const DEFAULT_ANALYST_SQL_LIMITS: AnalystSqlLimits = {
  maxExecutionSeconds: 30,
  maxRowsToRead: 1_000_000_000,
  maxBytesToRead: 50 * 1024 ** 3,
  maxResultRows: 1_000_000,
  maxResultBytes: 256 * 1024 ** 2,
  maxMemoryBytes: 2 * 1024 ** 3,
  maxQueryBytes: 256 * 1024,
  maxConcurrentQueries: 2,
};

/** The limit settings by name, each with the limit it enforces. */
export const LIMIT_SETTINGS = {
  max_execution_time: 'maxExecutionSeconds',
  max_rows_to_read: 'maxRowsToRead',
  max_bytes_to_read: 'maxBytesToRead',
  max_result_rows: 'maxResultRows',
  max_result_bytes: 'maxResultBytes',
  max_memory_usage: 'maxMemoryBytes',
} as const satisfies Record<string, keyof AnalystSqlLimits>;

/** Settings that only say what to do at a limit; the one value accepted is the strict one. */
export const OVERFLOW_SETTINGS = ['timeout_overflow_mode', 'read_overflow_mode', 'result_overflow_mode'] as const;

/** Every statement runs with these, as its own SETTINGS clause: read-only, and stopped at each limit. */
export function limitSettings(limits: AnalystSqlLimits): Record<string, SettingValue> {
  const settings: Record<string, SettingValue> = { readonly: 1 };
  for (const [setting, limit] of Object.entries(LIMIT_SETTINGS)) settings[setting] = limits[limit];
  for (const setting of OVERFLOW_SETTINGS) settings[setting] = 'throw';
  return settings;
}
