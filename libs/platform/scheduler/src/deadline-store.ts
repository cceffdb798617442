import { Pool } from 'pg';
import type { DeadlineInput, StoredDeadline } from './deadline.types';
import { deadlinesChannel, deadlinesTable, ensureDeadlinesSchema } from './deadlines.schema';
import { rowsOf, type SqlExecutor } from './sql-executor';

export interface DeadlineStoreOptions {
  /**
   * A deadline scheduled this close to now (or overdue) sends a NOTIFY on commit, waking the schedulers at once
   * instead of at their next poll (default 2000 ms: more than the default poll interval). Later ones need no
   * wake-up: each scheduler sets a timer for the earliest deadline it knows about.
   */
  notifyWithinMs?: number;
}

const COLUMNS = `id, kind, due_at, fire_at, payload, attempts, last_error, failed_at, created_at, updated_at`;

/**
 * Schedules and cancels deadlines. Every write takes an optional executor (a `pg` client inside BEGIN, a
 * TypeORM EntityManager) to run in the caller's transaction, so a deadline commits with the decision behind it.
 */
export class DeadlineStore {
  private readonly table: string;
  private readonly channel: string;
  private readonly notifyWithinMs: number;

  private constructor(
    private readonly executor: SqlExecutor,
    schema: string,
    options: DeadlineStoreOptions,
    private readonly ownedPool?: Pool,
  ) {
    this.table = deadlinesTable(schema);
    this.channel = deadlinesChannel(schema);
    this.notifyWithinMs = options.notifyWithinMs ?? 2_000;
  }

  /** On an executor someone else owns and closes (a pg Pool, a TypeORM DataSource); the table must exist. */
  static onExecutor(executor: SqlExecutor, schema: string, options: DeadlineStoreOptions = {}): DeadlineStore {
    return new DeadlineStore(executor, schema, options);
  }

  /** With its own small pool, creating the table if needed. */
  static async create(options: DeadlineStoreOptions & { connectionString: string; schema: string; poolSize?: number }): Promise<DeadlineStore> {
    const pool = new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 4 });
    pool.on('error', () => undefined); // an idle client's error surfaces on the next query
    try {
      await ensureDeadlinesSchema(pool, options.schema);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new DeadlineStore(pool, options.schema, options, pool);
  }

  /** Inserts the deadline, or replaces kind, payload and due time of the one with its id (see `scheduleMany`). */
  schedule(deadline: DeadlineInput, tx?: SqlExecutor): Promise<void> {
    return this.scheduleMany([deadline], tx);
  }

  /**
   * Upserts by id in one statement. A new due time is a new occurrence: it starts over (no attempts, not failed).
   * The same due time again (a replayed projection) changes nothing but kind and payload, keeping the retry state.
   * Of several entries with one id, the last wins.
   */
  async scheduleMany(deadlines: readonly DeadlineInput[], tx?: SqlExecutor): Promise<void> {
    const rows = distinct(deadlines);
    if (rows.length === 0) return;
    await (tx ?? this.executor).query(this.upsertSql(''), this.upsertParams(rows));
  }

  /**
   * Makes `deadlines` (upserted as by `scheduleMany`) the only ones whose id starts with `prefix`: the others are
   * removed. One statement, so no transaction around it is needed (a ticket's SLA deadlines, re-planned on each
   * change, cost one round trip instead of four).
   */
  async replaceByPrefix(prefix: string, deadlines: readonly DeadlineInput[], tx?: SqlExecutor): Promise<void> {
    const rows = distinct(deadlines);
    // The delete spares the ids upserted beside it: one statement must not change a row twice.
    const gone = `gone AS (DELETE FROM ${this.table} WHERE id LIKE $7 ESCAPE '\\' AND id <> ALL($1::text[])),`;
    await (tx ?? this.executor).query(this.upsertSql(gone), [...this.upsertParams(rows), likePattern(prefix)]);
  }

  private upsertSql(before: string): string {
    return `WITH ${before} up AS (
         INSERT INTO ${this.table} AS d (id, kind, due_at, fire_at, payload)
         SELECT id, kind, due_at, due_at, payload FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::jsonb[]) AS x(id, kind, due_at, payload)
         ON CONFLICT (id) DO UPDATE SET
           kind = EXCLUDED.kind,
           payload = EXCLUDED.payload,
           updated_at = now(),
           due_at = EXCLUDED.due_at,
           fire_at = CASE WHEN d.due_at = EXCLUDED.due_at THEN d.fire_at ELSE EXCLUDED.fire_at END,
           attempts = CASE WHEN d.due_at = EXCLUDED.due_at THEN d.attempts ELSE 0 END,
           last_error = CASE WHEN d.due_at = EXCLUDED.due_at THEN d.last_error END,
           failed_at = CASE WHEN d.due_at = EXCLUDED.due_at THEN d.failed_at END
         RETURNING d.fire_at, d.failed_at
       )
       -- NOTIFY is transactional: sent on commit, never for a rolled-back schedule.
       SELECT pg_notify($5, '') FROM (SELECT 1 FROM up WHERE failed_at IS NULL AND fire_at <= now() + $6 * interval '1 millisecond' LIMIT 1) soon`;
  }

  private upsertParams(rows: readonly DeadlineInput[]): unknown[] {
    return [
      rows.map((d) => d.id),
      rows.map((d) => d.kind),
      rows.map((d) => d.dueAt.toISOString()),
      rows.map((d) => JSON.stringify(d.payload ?? {})),
      this.channel,
      this.notifyWithinMs,
    ];
  }

  /**
   * Removes the deadline; false when there was none. It does not wait for a firing already in progress (that
   * handler finishes; its completion then finds nothing to delete).
   */
  async cancel(id: string, tx?: SqlExecutor): Promise<boolean> {
    const sql = `WITH gone AS (DELETE FROM ${this.table} WHERE id = $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`;
    return (await this.count(sql, [id], tx)) > 0;
  }

  /** Removes every deadline whose id starts with `prefix` (`sla:<ticketId>:` when the ticket is solved). */
  async cancelByPrefix(prefix: string, tx?: SqlExecutor): Promise<number> {
    const sql = `WITH gone AS (DELETE FROM ${this.table} WHERE id LIKE $1 ESCAPE '\\' RETURNING 1) SELECT count(*)::int AS n FROM gone`;
    return this.count(sql, [likePattern(prefix)], tx);
  }

  async get(id: string): Promise<StoredDeadline | undefined> {
    const rows = rowsOf<DeadlineRow>(await this.executor.query(`SELECT ${COLUMNS} FROM ${this.table} WHERE id = $1`, [id]));
    return rows[0] && toStored(rows[0]);
  }

  /** Deadlines that gave up, oldest first, with their last error. */
  async failed(limit = 100): Promise<StoredDeadline[]> {
    const sql = `SELECT ${COLUMNS} FROM ${this.table} WHERE failed_at IS NOT NULL ORDER BY failed_at LIMIT $1`;
    return rowsOf<DeadlineRow>(await this.executor.query(sql, [limit])).map(toStored);
  }

  /** Re-arms a deadline that gave up: due now, attempts from zero (the last error stays until it succeeds). */
  async retry(id: string, tx?: SqlExecutor): Promise<boolean> {
    const sql = `WITH again AS (
        UPDATE ${this.table} SET failed_at = NULL, attempts = 0, fire_at = now(), updated_at = now()
        WHERE id = $1 AND failed_at IS NOT NULL RETURNING 1
      ) SELECT count(*)::int AS n FROM (SELECT pg_notify($2, '') FROM again) woken`;
    return (await this.count(sql, [id, this.channel], tx)) > 0;
  }

  async close(): Promise<void> {
    await this.ownedPool?.end();
  }

  private async count(sql: string, params: unknown[], tx?: SqlExecutor): Promise<number> {
    return rowsOf<{ n: number }>(await (tx ?? this.executor).query(sql, params))[0]?.n ?? 0;
  }
}

/** The last entry of each id, each checked for a valid due time. */
function distinct(deadlines: readonly DeadlineInput[]): DeadlineInput[] {
  const rows = [...new Map(deadlines.map((d) => [d.id, d])).values()];
  for (const d of rows) {
    if (!(d.dueAt instanceof Date) || Number.isNaN(d.dueAt.getTime())) throw new Error(`deadline ${d.id}: invalid dueAt`);
  }
  return rows;
}

/** `id LIKE` pattern of the ids starting with `prefix` (non-empty: an empty one would match every deadline). */
function likePattern(prefix: string): string {
  if (prefix === '') throw new Error('a deadline id prefix must be non-empty');
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

interface DeadlineRow {
  id: string;
  kind: string;
  due_at: Date;
  fire_at: Date;
  payload: unknown;
  attempts: number;
  last_error: string | null;
  failed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

function toStored(row: DeadlineRow): StoredDeadline {
  return {
    id: row.id,
    kind: row.kind,
    dueAt: new Date(row.due_at),
    fireAt: new Date(row.fire_at),
    payload: row.payload,
    attempts: row.attempts,
    lastError: row.last_error ?? undefined,
    failedAt: row.failed_at ? new Date(row.failed_at) : undefined,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
