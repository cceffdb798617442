import { EventEmitter } from 'node:events';
import { Client, Pool, type PoolClient } from 'pg';
import { ConcurrencyError } from '../event-store.errors';
import {
  type AppendResult,
  type CheckpointStore,
  categoryOf,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamAppend,
  type SubscribeOptions,
} from '../event-store.port';
import { PostgresCheckpointStore } from './postgres-checkpoint-store';
import { APPENDING_LOCK_CLASS, appendingLockKey, eventStoreSchemaSql, quoteIdent } from './postgres-event-store.schema';
import { LogTail, type TailSource, type Wake } from './postgres-log-tail';

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** Schema holding the event store tables (default `eventstore`). */
  schema?: string;
  /** Pool size (default 10). */
  poolSize?: number;
  /** Safety-net poll interval of subscriptions when no notification arrives (default 1000 ms). */
  pollIntervalMs?: number;
}

const CHANNEL = 'csp_event_store';
const COLUMNS = 'transaction_id::text AS txid, position, event_id, stream_name, category, revision, type, data, metadata, recorded_at';
const LOW_64 = (1n << 64n) - 1n;
/** NOTIFY payloads are limited to 8,000 bytes; a longer list of categories is sent as '' (= any). */
const MAX_PAYLOAD = 7_000;
/**
 * Appends within this window share one NOTIFY (a round trip and a commit each): a message makes a service
 * append several times within milliseconds, and the readers of other processes read at most every 10 ms anyway
 * (see `LogTail`). Local subscribers are woken at once.
 */
const NOTIFY_WINDOW_MS = 5;

/**
 * The readable horizon: the oldest transaction still running that appends to this log, else the snapshot's xmax.
 * Every append first takes the log's shared appending lock, before its transaction has an id, and holds it to the
 * end (see the schema). So a transaction of the snapshot's in-progress list is passed over only when the lock
 * table shows it still running (its own `transactionid` lock) without that lock: it writes something else (read
 * models, checkpoints, another database). One that ended since the snapshot counts, since this statement cannot
 * see its commit. `pg_locks` is one consistent copy of the lock table, read once (MATERIALIZED). Read models
 * written in the same database no longer hold readers back for as long as a projection's transaction runs
 * (`pg_snapshot_xmin` did: docs/benchmarks.md, "Ticketing latency").
 */
function readHorizonSql(schema: string): string {
  return `coalesce((
    WITH l AS MATERIALIZED (SELECT locktype, mode, granted, database, classid, objid, objsubid, transactionid, virtualtransaction FROM pg_locks),
    appending AS (SELECT virtualtransaction FROM l WHERE locktype = 'advisory' AND granted AND classid = ${APPENDING_LOCK_CLASS}
      AND objid = ${appendingLockKey(schema)} AND objsubid = 2 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())),
    elsewhere AS (SELECT transactionid FROM l WHERE locktype = 'transactionid' AND mode = 'ExclusiveLock' AND granted
      AND virtualtransaction NOT IN (SELECT virtualtransaction FROM appending))
    SELECT min(x) FROM pg_snapshot_xip(pg_current_snapshot()) x WHERE x::xid NOT IN (SELECT transactionid FROM elsewhere)),
  pg_snapshot_xmax(pg_current_snapshot()))`;
}

/** The reader-visible log position: `(transaction_id, position)` as one number (see the schema). */
export function logPosition(transactionId: bigint, position: bigint): bigint {
  return (transactionId << 64n) | position;
}

/**
 * The PostgreSQL event store: the embedded and CI default, and a production option. One round trip per
 * append (a PL/pgSQL function: stream lock, expected-revision check, id de-duplication, insert). Readers are
 * woken by LISTEN/NOTIFY, never by busy polling (a slow poll remains as a safety net); a notification names the
 * categories written, and the caught-up subscriptions of a process share one reader of the log (`LogTail`).
 */
export class PostgresEventStore implements EventStore, CheckpointStore {
  private readonly pool: Pool;
  private readonly schema: string;
  /** Prefix of every log read: the readable horizon, computed once per statement (see `readHorizonSql`). */
  private readonly withHorizon: string;
  private readonly checkpoints: PostgresCheckpointStore;
  private readonly wake = new EventEmitter().setMaxListeners(0);
  private listener?: Promise<Client>;
  /** Category -> position of its last event appended since the last NOTIFY (sent coalesced, see NOTIFY_WINDOW_MS). */
  private unannounced?: Map<string, bigint>;
  private closed = false;
  private readonly tail: LogTail;

  private constructor(private readonly options: PostgresEventStoreOptions) {
    this.schema = quoteIdent(options.schema ?? 'eventstore');
    this.withHorizon = `WITH horizon AS MATERIALIZED (SELECT ${readHorizonSql(options.schema ?? 'eventstore')} AS h)`;
    this.pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      // Every read of the store is an ordered index range that stops after one page. On a table without
      // statistics (just written; autovacuum not yet run) the planner expects a few hundred rows and prefers a
      // bitmap scan of *every* event after the checkpoint plus a sort: 50 ms instead of 7 ms per 500-event page
      // of a category read at 50,000 events (docs/benchmarks.md). Bitmap scans never serve these queries well.
      options: '-c enable_bitmapscan=off',
    });
    this.checkpoints = PostgresCheckpointStore.onPool(this.pool, options.schema ?? 'eventstore');
    this.pool.on('error', () => undefined); // idle client errors surface on the next query
    this.tail = new LogTail(this.tailSource());
  }

  /** Connects and creates/updates the schema. */
  static async create(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    // One implicit transaction; the transaction-level lock is held until it commits, so instances starting
    // together never race on creating the schema.
    await store.withClient((client) =>
      client.query(`SELECT pg_advisory_xact_lock(7240001);\n${eventStoreSchemaSql(options.schema ?? 'eventstore')}`),
    );
    return store;
  }

  async append(stream: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const expected = encodeExpected(options.expectedRevision);
    const payload = JSON.stringify(events.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata ?? {} })));
    const sql = `SELECT next_revision, last_position, duplicates FROM ${this.schema}.append_events($1, $2, $3, $4)`;
    const category = categoryOf(stream);
    const rows = await this.appendWithRetry(sql, [stream, category, expected, payload], [category], (s) => (s === stream ? options.expectedRevision : undefined));
    return toAppendResult(rows[0]);
  }

  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (appends.length === 0) return [];
    if (appends.length === 1) {
      const [a] = appends;
      return [await this.append(a.streamName, a.events, { expectedRevision: a.expectedRevision })];
    }
    if (appends.some((a) => a.events.length === 0)) throw new Error('append needs at least one event');
    const sql = `SELECT ord, next_revision, last_position, duplicates FROM ${this.schema}.append_many($1, $2, $3, $4::jsonb)`;
    const categories = appends.map((a) => categoryOf(a.streamName));
    const params = [
      appends.map((a) => a.streamName),
      categories,
      appends.map((a) => encodeExpected(a.expectedRevision)),
      JSON.stringify(appends.map((a) => a.events.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata ?? {} })))),
    ];
    const rows = await this.appendWithRetry(sql, params, categories, (s) => appends.find((a) => a.streamName === s)?.expectedRevision);
    return rows.sort((x, y) => Number(x.ord) - Number(y.ord)).map(toAppendResult);
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS} FROM ${this.schema}.events WHERE stream_name = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
      [stream, String(options.fromRevision ?? 0n), options.maxCount ?? 1_000_000],
    );
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0n;
    const params: unknown[] = [String(after >> 64n), String(after & LOW_64), options.maxCount ?? 1000];
    const types = options.filter?.types ? `AND e.type = ANY($${params.push(options.filter.types)})` : '';
    const page = (category: string) => `SELECT ${COLUMNS} FROM ${this.schema}.events e
       WHERE (e.transaction_id, e.position) > ($1::text::xid8, $2::bigint)
         AND e.transaction_id < (SELECT h FROM horizon)
         ${category} ${types}
       ORDER BY e.transaction_id, e.position LIMIT $3`;
    // One ordered index range per category (category, transaction_id, position), merged: the page stops after
    // `maxCount` rows instead of sorting everything after the checkpoint.
    const categories = options.filter?.categories;
    if (categories?.length === 0) return [];
    const sql = !categories
      ? page('')
      : categories.length === 1
      ? page(`AND e.category = $${params.push(categories[0])}`)
      : `SELECT * FROM (${categories.map((c) => `(${page(`AND e.category = $${params.push(c)}`)})`).join(' UNION ALL ')}) p
         ORDER BY p.txid::xid8, p.position LIMIT $3`;
    const { rows } = await this.pool.query(`${this.withHorizon} ${sql}`, params);
    return rows.map(toRecorded);
  }

  /**
   * Catches up with its own reads of the log (pages of `batchSize`), then joins the tail, which reads the log
   * once per wake-up for every caught-up subscription of this store. A subscription the tail detached (its
   * consumer fell behind) reads on by itself from what it consumed, and joins again once caught up.
   */
  async *subscribe(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent[]> {
    const { signal, batchSize = 500, filter } = options;
    let after = options.after ?? 0n;
    await this.listen();
    while (!signal?.aborted && !this.closed) {
      // The tail's position before the read: a partial page below means this subscription has seen every
      // matching event up to there too.
      const mark = await this.tail.mark();
      const page = await this.readAll({ after, maxCount: batchSize, filter });
      if (page.length > 0) {
        after = page[page.length - 1].position;
        yield page;
        if (page.length === batchSize) continue;
      }
      const member = this.tail.join(after, mark, filter, batchSize);
      if (!member) continue;
      try {
        for await (const live of member.pages(signal)) {
          after = live[live.length - 1].position;
          yield live;
        }
      } finally {
        member.leave();
      }
    }
  }

  /** Checkpoint storage next to the log, for consumers without a database of their own (the relay). */
  loadCheckpoint(name: string): Promise<bigint | undefined> {
    return this.checkpoints.loadCheckpoint(name);
  }

  storeCheckpoint(name: string, position: bigint): Promise<void> {
    return this.checkpoints.storeCheckpoint(name, position);
  }

  async ping(): Promise<boolean> {
    await this.pool.query('SELECT 1');
    return true;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.tail.close();
    this.wake.emit('wake', undefined);
    const listener = await this.listener?.catch(() => undefined);
    await listener?.end().catch(() => undefined);
    await this.pool.end();
  }

  /**
   * Runs an append statement; translates the stream's wrong revision; announces what was written. `categories`:
   * of each append, in order (a row's `ord`, 1-based, says which).
   */
  private async appendWithRetry(sql: string, params: unknown[], categories: readonly string[], expectedOf: (stream: string) => ExpectedRevision | undefined): Promise<AppendRow[]> {
    try {
      let rows: AppendRow[];
      try {
        rows = (await this.pool.query<AppendRow>(sql, params)).rows;
      } catch (error) {
        // The same event id appended concurrently to another stream: once the other commits, it is a duplicate.
        if ((error as { constraint?: string }).constraint !== 'events_event_id_unique') throw error;
        rows = (await this.pool.query<AppendRow>(sql, params)).rows;
      }
      const written = new Map<string, bigint>();
      for (const row of rows) {
        if (row.last_position === null) continue;
        const category = categories[(row.ord ?? 1) - 1];
        const position = BigInt(row.last_position);
        if (position > (written.get(category) ?? 0n)) written.set(category, position);
      }
      if (written.size > 0) this.announce(written);
      return rows;
    } catch (error) {
      const pgError = error as { code?: string; detail?: string; hint?: string };
      if (pgError.code === 'CS409') {
        const stream = pgError.hint ?? 'unknown';
        throw new ConcurrencyError(stream, String(expectedOf(stream)), pgError.detail ?? 'unknown');
      }
      throw error;
    }
  }

  /**
   * Wakes local subscribers now and, coalesced, other processes through NOTIFY (outside the append path). The
   * payload names the categories written and the position of the last event of each (`category=position,...`):
   * a process wakes only the readers of those categories, and knows what to wait for when the events are not
   * readable yet (see `LogTail`).
   */
  private announce(written: ReadonlyMap<string, bigint>): void {
    this.wake.emit('wake', written);
    if (this.closed) return;
    if (this.unannounced) {
      for (const [category, position] of written) if (position > (this.unannounced.get(category) ?? 0n)) this.unannounced.set(category, position);
      return;
    }
    this.unannounced = new Map(written);
    setTimeout(() => {
      const payload = [...(this.unannounced ?? [])].map(([category, position]) => `${category}=${position}`).join(',');
      this.unannounced = undefined;
      if (!this.closed) this.pool.query(`SELECT pg_notify('${CHANNEL}', $1)`, [payload.length > MAX_PAYLOAD ? '' : payload]).catch(() => undefined);
    }, NOTIFY_WINDOW_MS);
  }

  private listen(): Promise<Client> {
    this.listener ??= (async () => {
      const client = new Client({ connectionString: this.options.connectionString });
      client.on('error', () => undefined);
      client.on('notification', (n) => this.wake.emit('wake', parseAnnouncement(n.payload)));
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      return client;
    })();
    return this.listener;
  }

  /** What the tail reads with: this store's log, its head, and its wake-ups. */
  private tailSource(): TailSource {
    return {
      readAll: (options) => this.readAll(options),
      head: () => this.head(),
      nextWake: (wanted, signal, timeoutMs) => this.nextWake(wanted, signal, timeoutMs),
      pollMs: this.options.pollIntervalMs ?? 1000,
    };
  }

  /** Position of the last event readers may see now (0n: none yet). */
  private async head(): Promise<bigint> {
    const { rows } = await this.pool.query<{ txid: string; position: string }>(
      `${this.withHorizon} SELECT transaction_id::text AS txid, position FROM ${this.schema}.events
       WHERE transaction_id < (SELECT h FROM horizon)
       ORDER BY transaction_id DESC, position DESC LIMIT 1`,
    );
    return rows[0] ? logPosition(BigInt(rows[0].txid), BigInt(rows[0].position)) : 0n;
  }

  /**
   * Resolves on the next append in a category `wanted` with the position of the last such event (undefined when
   * the notification did not say); false after `timeoutMs`, on abort or on close.
   */
  private nextWake(wanted: (category: string) => boolean, signal: AbortSignal, timeoutMs: number): { promise: Promise<Wake>; cancel(): void } {
    let done!: (wake: Wake) => void;
    const promise = new Promise<Wake>((resolve) => (done = resolve));
    const finish = (wake: Wake) => {
      clearTimeout(timer);
      this.wake.off('wake', onWake);
      signal.removeEventListener('abort', onStop);
      done(wake);
    };
    const onWake = (written: ReadonlyMap<string, bigint> | undefined) => {
      if (this.closed) return finish(false);
      if (!written) return finish({});
      let last: bigint | undefined;
      for (const [category, position] of written) {
        if (wanted(category) && (last === undefined || position > last)) last = position;
      }
      if (last !== undefined) finish({ last });
    };
    const onStop = () => finish(false);
    const timer = setTimeout(onStop, timeoutMs);
    this.wake.on('wake', onWake);
    signal.addEventListener('abort', onStop);
    return { promise, cancel: onStop };
  }

  private async withClient<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      return await fn(client);
    } finally {
      client.release();
    }
  }
}

interface AppendRow {
  ord?: number;
  next_revision: string;
  last_position: string | null;
  duplicates: number;
}

function toAppendResult(row: AppendRow): AppendResult {
  return {
    nextExpectedRevision: BigInt(row.next_revision),
    position: row.last_position === null ? undefined : BigInt(row.last_position),
    duplicates: row.duplicates,
  };
}

/** `category=position,...` -> map; undefined (any category, position unknown) for '' or anything else. */
function parseAnnouncement(payload: string | undefined): Map<string, bigint> | undefined {
  if (!payload) return undefined;
  try {
    return new Map(payload.split(',').map((entry) => {
      const [category, position] = entry.split('=');
      return [category, BigInt(position)];
    }));
  } catch {
    return undefined;
  }
}

function encodeExpected(expected: ExpectedRevision): string {
  if (expected === 'no_stream') return '-1';
  if (expected === 'any') return '-2';
  if (expected < 0n) throw new Error(`invalid expected revision ${expected}`);
  return String(expected);
}


interface EventRow {
  txid: string;
  position: string;
  event_id: string;
  stream_name: string;
  category: string;
  revision: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  recorded_at: Date;
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.type,
    streamName: row.stream_name,
    category: row.category,
    revision: BigInt(row.revision),
    position: logPosition(BigInt(row.txid), BigInt(row.position)),
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
  };
}
