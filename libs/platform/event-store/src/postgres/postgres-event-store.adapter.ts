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
import { eventStoreSchemaSql, quoteIdent } from './postgres-event-store.schema';

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
const RETRY_CAP_MS = 200;

/** The reader-visible log position: `(transaction_id, position)` as one number (see the schema). */
export function logPosition(transactionId: bigint, position: bigint): bigint {
  return (transactionId << 64n) | position;
}

/**
 * The PostgreSQL event store: the embedded and CI default, and a production option. One round trip per
 * append (a PL/pgSQL function: stream lock, expected-revision check, id de-duplication, insert). Readers are
 * woken by LISTEN/NOTIFY, never by busy polling (a slow poll remains as a safety net).
 */
export class PostgresEventStore implements EventStore, CheckpointStore {
  private readonly pool: Pool;
  private readonly schema: string;
  private readonly checkpoints: PostgresCheckpointStore;
  private readonly wake = new EventEmitter().setMaxListeners(0);
  private listener?: Promise<Client>;
  private notifyScheduled = false;
  private closed = false;

  private constructor(private readonly options: PostgresEventStoreOptions) {
    this.schema = quoteIdent(options.schema ?? 'eventstore');
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
    const rows = await this.appendWithRetry(sql, [stream, categoryOf(stream), expected, payload], (s) => (s === stream ? options.expectedRevision : undefined));
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
    const params = [
      appends.map((a) => a.streamName),
      appends.map((a) => categoryOf(a.streamName)),
      appends.map((a) => encodeExpected(a.expectedRevision)),
      JSON.stringify(appends.map((a) => a.events.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata ?? {} })))),
    ];
    const rows = await this.appendWithRetry(sql, params, (s) => appends.find((a) => a.streamName === s)?.expectedRevision);
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
         AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
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
    const { rows } = await this.pool.query(sql, params);
    return rows.map(toRecorded);
  }

  async *subscribe(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent[]> {
    const { signal, batchSize = 500 } = options;
    let after = options.after ?? 0n;
    await this.listen();
    const poll = this.options.pollIntervalMs ?? 1000;
    // After a wake-up that found nothing readable (the new events sit behind a transaction still running
    // somewhere in the cluster, see readAll), look again soon (10 ms, doubling up to 200 ms) until they are,
    // instead of waiting for the next notification or the slow poll.
    let retryMs = 0;
    while (!signal?.aborted && !this.closed) {
      // Register interest before reading, so a notification between the read and the wait is not missed.
      const woken = this.nextWake(signal, retryMs || poll);
      const page = await this.readAll({ after, maxCount: batchSize, filter: options.filter });
      if (page.length > 0) {
        woken.cancel();
        retryMs = 0;
        after = page[page.length - 1].position;
        yield page;
        continue;
      }
      const byNotification = await woken.promise;
      retryMs = byNotification ? 10 : retryMs > 0 ? Math.min(retryMs * 2, RETRY_CAP_MS, poll) : 0;
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
    this.wake.emit('wake');
    const listener = await this.listener?.catch(() => undefined);
    await listener?.end().catch(() => undefined);
    await this.pool.end();
  }

  /** Runs an append statement; translates the stream's wrong revision; announces what was written. */
  private async appendWithRetry(sql: string, params: unknown[], expectedOf: (stream: string) => ExpectedRevision | undefined): Promise<AppendRow[]> {
    try {
      let rows: AppendRow[];
      try {
        rows = (await this.pool.query<AppendRow>(sql, params)).rows;
      } catch (error) {
        // The same event id appended concurrently to another stream: once the other commits, it is a duplicate.
        if ((error as { constraint?: string }).constraint !== 'events_event_id_unique') throw error;
        rows = (await this.pool.query<AppendRow>(sql, params)).rows;
      }
      if (rows.some((r) => r.last_position !== null)) this.announce();
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

  /** Wakes local subscribers now and, coalesced, other processes through NOTIFY (outside the append path). */
  private announce(): void {
    this.wake.emit('wake');
    if (this.notifyScheduled || this.closed) return;
    this.notifyScheduled = true;
    setImmediate(() => {
      this.notifyScheduled = false;
      if (!this.closed) this.pool.query(`SELECT pg_notify('${CHANNEL}', '')`).catch(() => undefined);
    });
  }

  private listen(): Promise<Client> {
    this.listener ??= (async () => {
      const client = new Client({ connectionString: this.options.connectionString });
      client.on('error', () => undefined);
      client.on('notification', () => this.wake.emit('wake'));
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      return client;
    })();
    return this.listener;
  }

  /** Resolves on the next wake-up (true), or after `timeoutMs` or on abort (false). */
  private nextWake(signal: AbortSignal | undefined, timeoutMs: number): { promise: Promise<boolean>; cancel(): void } {
    let done!: (woken: boolean) => void;
    const promise = new Promise<boolean>((resolve) => (done = resolve));
    const finish = (woken: boolean) => {
      clearTimeout(timer);
      this.wake.off('wake', onWake);
      signal?.removeEventListener('abort', onStop);
      done(woken);
    };
    const onWake = () => finish(true);
    const onStop = () => finish(false);
    const timer = setTimeout(onStop, timeoutMs);
    this.wake.on('wake', onWake);
    signal?.addEventListener('abort', onStop);
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
