import { deadlinesChannel, deadlinesSchemaSql } from '@csp/scheduler';
import type { ClientBase } from 'pg';
import type { DataSource } from 'typeorm';
import { openProfileDataSource, PROFILE_SCHEMA, readModelTables } from './profile-app';

export const LIVE_SCHEMA = PROFILE_SCHEMA;
export const REBUILD_SCHEMA = `${LIVE_SCHEMA}_rebuild`;
export const OLD_SCHEMA = `${LIVE_SCHEMA}_old`;

/**
 * The live tables the switch locks, in the order the service's own transactions take them (a projection batch
 * starts with its checkpoints and may then enqueue events and plan deadlines; the outbox relay and the scheduler
 * never come back for the checkpoints), so waiting for them cannot deadlock with the service. EXCLUSIVE lets
 * readers through and stops every writer, the projection's `SELECT ... FOR UPDATE` of its checkpoints included.
 * Not ACCESS EXCLUSIVE: that lock gives the transaction an id (it is WAL-logged), and a log reader waits for every
 * older running transaction id of the cluster, so the final pass would not see the events appended meanwhile.
 */
const LOCKED = ['projection_checkpoints', 'event_outbox', 'deadlines'];

export interface KeptRows {
  /** Deadlines of the old schema the projection does not plan (the daily care run), or planned again with the old retry state. */
  deadlines: number;
  /** Events the service had decided but not yet relayed to the store. */
  outbox: number;
}

/**
 * A fresh, migrated schema for the rebuild, after dropping what a crashed run left: its half-built schema, or
 * the old schema of a run that died between the switch and the drop. The service's care migration creates the
 * scheduler's table under the literal name `customer_profile.deadlines` (a no-op here while the live schema
 * has it), so the rebuild schema gets its own from the same SQL (which creates the schema, too).
 */
export async function openRebuildSchema(client: ClientBase, url: string): Promise<DataSource> {
  await client.query(`DROP SCHEMA IF EXISTS ${REBUILD_SCHEMA} CASCADE`);
  await client.query(`DROP SCHEMA IF EXISTS ${OLD_SCHEMA} CASCADE`);
  await client.query(deadlinesSchemaSql(REBUILD_SCHEMA));
  return openProfileDataSource(url, REBUILD_SCHEMA);
}

/**
 * Puts the rebuilt schema in place of the live one, in one transaction: the live tables are locked (the
 * service's projection batches wait from here on), `finalPass` applies what the log gained since the rebuild's
 * last page, the rows that are not projections are carried over, and the two schemas swap names. The old one is
 * dropped after the commit.
 *
 * Why the running service keeps working: PostgreSQL resolves table names per statement, through the search_path
 * (`customer_profile`, a name) or the schema-qualified name the scheduler uses, so every statement after the
 * commit reads and writes the new tables; statements already running finish on the old ones, and the readers of
 * the API never wait. A statement that was waiting for one of the locks looks its table up again once it gets
 * it (the rename invalidated the name): a projection batch finds the rebuilt checkpoint, skips the events up to
 * it and applies the later ones, so the batch lands once, in the new tables. The service's bus consumer keeps
 * its own position (in the event store, not in this schema) and goes on from there; the rebuilt checkpoint holds
 * only the log's scope, and a Kafka delivery of an event the rebuild already applied is applied again, which the
 * projection's upserts make harmless.
 */
export async function switchIntoLive(client: ClientBase, finalPass: () => Promise<void>): Promise<KeptRows> {
  await client.query('BEGIN');
  let kept: KeptRows;
  try {
    const live = await tablesOf(client, LIVE_SCHEMA);
    for (const table of LOCKED) if (live.has(table)) await client.query(`LOCK TABLE ${LIVE_SCHEMA}.${table} IN EXCLUSIVE MODE`);
    await finalPass();
    kept = await keepRows(client, live);
    if (await schemaExists(client, LIVE_SCHEMA)) await client.query(`ALTER SCHEMA ${LIVE_SCHEMA} RENAME TO ${OLD_SCHEMA}`);
    await client.query(`ALTER SCHEMA ${REBUILD_SCHEMA} RENAME TO ${LIVE_SCHEMA}`);
    // The schedulers' timers know the old table's earliest deadline: a NOTIFY (sent on commit) makes them look again.
    await client.query('SELECT pg_notify($1, $2)', [deadlinesChannel(LIVE_SCHEMA), '']);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  await client.query(`DROP SCHEMA IF EXISTS ${OLD_SCHEMA} CASCADE`);
  return kept;
}

/** Rows per table of the live schema (TypeORM's migrations table left out). */
export async function liveRowCounts(client: ClientBase): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  for (const table of (await readModelTables(client, LIVE_SCHEMA)).sort()) {
    const { rows: [{ n }] } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${LIVE_SCHEMA}.${table}`);
    rows[table] = Number(n);
  }
  return rows;
}

/**
 * Deadlines: every one of the old schema the rebuild has no row for (the daily care run, which only the running
 * service plans; a greeting being retried), except those about a customer the rebuilt model does not have: an
 * erased customer's must not come back, and a merged-away one's finds nothing to do when it fires. One the
 * projection planned again at the same due time keeps the old row's retry state, as `DeadlineStore.schedule`
 * keeps it for a replayed projection; at another due time the rebuild's plan wins.
 * Outbox: the service's rows not yet relayed, with their `seq` (the rebuild relayed its own rows, so its outbox is
 * empty). A relay of the service may have read and appended rows of the old table and be waiting for the lock
 * to delete them (`seq <= n`): its DELETE then runs on the new table, and must find the same rows under the same
 * seqs. The new table's sequence continues after both.
 */
async function keepRows(client: ClientBase, live: ReadonlySet<string>): Promise<KeptRows> {
  const [from, to] = [LIVE_SCHEMA, REBUILD_SCHEMA];
  const kept: KeptRows = { deadlines: 0, outbox: 0 };
  if (live.has('deadlines')) {
    const columns = 'id, kind, due_at, fire_at, payload, attempts, last_error, failed_at, created_at, updated_at';
    const { rowCount } = await client.query(
      `INSERT INTO ${to}.deadlines AS d (${columns}) SELECT ${columns} FROM ${from}.deadlines o
       WHERE NOT o.payload ? 'customerId' OR o.payload->>'customerId' IN (SELECT id::text FROM ${to}.customers)
       ON CONFLICT (id) DO UPDATE SET fire_at = EXCLUDED.fire_at, attempts = EXCLUDED.attempts, last_error = EXCLUDED.last_error,
         failed_at = EXCLUDED.failed_at, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at
       WHERE d.due_at = EXCLUDED.due_at
         AND (d.fire_at, d.attempts, d.last_error, d.failed_at) IS DISTINCT FROM (EXCLUDED.fire_at, EXCLUDED.attempts, EXCLUDED.last_error, EXCLUDED.failed_at)`,
    );
    kept.deadlines = rowCount ?? 0;
  }
  if (live.has('event_outbox') && (await tablesOf(client, REBUILD_SCHEMA)).has('event_outbox')) {
    const { rowCount } = await client.query(
      `INSERT INTO ${to}.event_outbox (seq, stream_name, events, created_at) SELECT seq, stream_name, events, created_at FROM ${from}.event_outbox`,
    );
    const sequence = (schema: string) => `pg_get_serial_sequence('${schema}.event_outbox', 'seq')`;
    const last = (schema: string) => `coalesce(pg_sequence_last_value(${sequence(schema)}::regclass), 1)`;
    await client.query(`SELECT setval(${sequence(to)}, greatest(${last(from)}, ${last(to)}))`);
    kept.outbox = rowCount ?? 0;
  }
  return kept;
}

async function tablesOf(client: ClientBase, schema: string): Promise<Set<string>> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`,
    [schema],
  );
  return new Set(rows.map((r) => r.name));
}

async function schemaExists(client: ClientBase, schema: string): Promise<boolean> {
  return (await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rows.length > 0;
}
