import { rowsOf, type SqlExecutor } from './sql-executor';

/**
 * Serialises concurrent schema creation (the event store uses 7240001, service data sources 7240002). A bigint key:
 * it never meets the event store's appending lock, a two-int key whose first half is also 7240003.
 */
const SCHEMA_LOCK = 7240003;

/**
 * The `deadlines` table of one service, in that service's schema. Idempotent: `DeadlineStore.create` and
 * `DeadlineScheduler.start` run it under an advisory lock (like the event store creates its schema). A service
 * that keeps its tables in TypeORM migrations can run this same SQL from a migration instead, and start the
 * scheduler with `ensureSchema: false`; pick one of the two per service, not both at once.
 */
export function deadlinesSchemaSql(schema: string): string {
  const s = quoteIdent(schema);
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.deadlines (
  -- Caller-chosen and deterministic (sla:<ticketId>:first_response:warn), so scheduling is an upsert. The "C"
  -- collation lets the primary-key index serve cancelByPrefix (id LIKE 'prefix%').
  id text COLLATE "C" PRIMARY KEY,
  kind text NOT NULL,
  -- When it is due, as scheduled; with the id it identifies one occurrence (see FiredDeadline.occurrence).
  due_at timestamptz NOT NULL,
  -- When it may fire next: due_at, moved later by the backoff after a failed attempt.
  fire_at timestamptz NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  attempts int NOT NULL DEFAULT 0,
  last_error text,
  -- Set when it gave up after maxAttempts: kept with its error for inspection, never fired again by itself.
  failed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS deadlines_fire_at ON ${s}.deadlines (fire_at) WHERE failed_at IS NULL;
`;
}

/** Creates the table if needed; concurrent callers wait for each other on a transaction-level advisory lock. */
export async function ensureDeadlinesSchema(executor: SqlExecutor, schema: string): Promise<void> {
  // No parameters: node-postgres sends it as one simple query, i.e. one implicit transaction holding the lock.
  rowsOf(await executor.query(`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK});${deadlinesSchemaSql(schema)}`));
}

/** `"<schema>".deadlines`, for a schema name that is a plain lower-case identifier. */
export function deadlinesTable(schema: string): string {
  return `${quoteIdent(schema)}.deadlines`;
}

/** The NOTIFY channel that wakes the schedulers of one schema. */
export function deadlinesChannel(schema: string): string {
  return `csp_deadlines_${quoteIdent(schema).slice(1, -1)}`;
}

/** The advisory-lock class (first key) of one schema's deadlines; the second key is `hashtext(id)`. */
export function deadlinesLockClass(schema: string): string {
  return `csp_deadlines:${quoteIdent(schema).slice(1, -1)}`;
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid SQL identifier: ${name}`);
  return `"${name}"`;
}
