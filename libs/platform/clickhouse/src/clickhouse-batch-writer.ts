import { AnalyticsStoreError } from './analytics-store.errors';
import type { AnalyticsStore } from './analytics-store.port';
import { RowBatch, type RowSource, type TableRow } from './clickhouse-batch';

export interface ClickHouseBatchWriterOptions<C> {
  store: AnalyticsStore;
  /** Called with the checkpoint of a batch's last event once all its inserts succeeded: store or ack it here. */
  onFlushed?: (checkpoint: C) => Promise<void> | void;
  /** Flush once this many rows are waiting (default 5000). */
  maxRows?: number;
  /** Flush at most this long after the first waiting event was added (default 200 ms). */
  maxDelayMs?: number;
  /** Failures of flushes nobody awaited (the timer's); the rows stay and are retried with backoff. */
  onError?: (error: unknown) => void;
}

interface Waiter {
  seq: number;
  resolve(): void;
  reject(error: unknown): void;
}

const MAX_RETRY_DELAY_MS = 30_000;

/**
 * Collects rows per table with the event they came from, and writes them to the analytics store in batches:
 * each table's rows in one insert whose deduplication token hashes the table and the batch's event ids, then
 * `onFlushed(checkpoint)` — the checkpoint moves only after the insert, never before.
 *
 * A failed insert (or a failed `onFlushed`) keeps its batch as it was: the next flush retries it first, with
 * the same tokens, so rows already written are dropped by ClickHouse and nothing is counted twice. A
 * consumer that crashes between insert and checkpoint replays from its last checkpoint; as long as the
 * replay forms the same batch (same events, e.g. one flush per bus batch), the re-insert is a no-op too.
 *
 * "Everything up to here is durable": `await flush()` (now) or `await whenDurable()` (with the next
 * size- or time-triggered flush, shared by every concurrent caller).
 */
export class ClickHouseBatchWriter<C = bigint> {
  private open = new RowBatch<C>();
  /** Batches taken for writing and not yet checkpointed: in flight, or failed and waiting for a retry. */
  private readonly retained: RowBatch<C>[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly maxRows: number;
  private readonly maxDelayMs: number;
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private seq = 0;
  private durableSeq = 0;
  private failures = 0;
  private closed = false;
  private lastCheckpoint: C | undefined;

  constructor(private readonly options: ClickHouseBatchWriterOptions<C>) {
    this.maxRows = options.maxRows ?? 5000;
    this.maxDelayMs = options.maxDelayMs ?? 200;
  }

  /** Rows not yet durable (waiting, in flight or failed). */
  get pendingRows(): number {
    return this.retained.reduce((sum, batch) => sum + batch.rowCount, this.open.rowCount);
  }

  /** The checkpoint last passed to `onFlushed`. */
  get durableCheckpoint(): C | undefined {
    return this.lastCheckpoint;
  }

  /**
   * Adds the rows derived from one event (none is fine: its checkpoint still has to move). An event that is
   * still waiting here is ignored, so a redelivery after a failed flush does not duplicate it. Resolves at
   * once, or after the flush when this add reached `maxRows` (rethrowing its failure).
   */
  async add(source: RowSource<C>, rows: readonly TableRow[] = []): Promise<void> {
    if (this.closed) throw new AnalyticsStoreError('ANALYTICS_STORE.CLOSED', 'the batch writer is closed');
    if (this.isWaiting(source.eventId)) return;
    this.open.add(source, rows, ++this.seq);
    if (this.open.rowCount >= this.maxRows) await this.flush();
    else this.arm(this.maxDelayMs);
  }

  /** Writes everything added so far; resolves with the durable checkpoint, rethrows a failed insert. */
  flush(): Promise<C | undefined> {
    const run = this.chain.then(() => this.flushRetained());
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Resolves when everything added so far is durable; rejects if the flush that should cover it fails. */
  whenDurable(): Promise<void> {
    if (this.durableSeq >= this.seq) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ seq: this.seq, resolve, reject });
      this.arm(this.maxDelayMs);
    });
  }

  /** Flushes what is left and refuses further rows. Does not close the store (the caller owns it). */
  async close(): Promise<void> {
    this.closed = true;
    this.disarm();
    await this.flush();
  }

  private isWaiting(eventId: string): boolean {
    return this.open.has(eventId) || this.retained.some((batch) => batch.has(eventId));
  }

  private async flushRetained(): Promise<C | undefined> {
    this.disarm();
    if (!this.open.isEmpty) {
      this.retained.push(this.open);
      this.open = new RowBatch<C>();
    }
    try {
      while (this.retained.length > 0) await this.writeBatch(this.retained[0]);
      this.failures = 0;
    } catch (error) {
      this.failures++;
      this.settleWaiters(error);
      throw error;
    }
    return this.lastCheckpoint;
  }

  private async writeBatch(batch: RowBatch<C>): Promise<void> {
    for (const insert of batch.inserts()) {
      await this.options.store.insert(insert.table, insert.rows, { deduplicationToken: insert.deduplicationToken });
    }
    // Only now is the batch durable: this is where a consumer may acknowledge or store its checkpoint.
    await this.options.onFlushed?.(batch.checkpoint as C);
    this.retained.shift();
    this.lastCheckpoint = batch.checkpoint;
    this.durableSeq = batch.lastSeq;
    this.settleWaiters();
  }

  private settleWaiters(error?: unknown): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i];
      if (error !== undefined) waiter.reject(error);
      else if (waiter.seq <= this.durableSeq) waiter.resolve();
      else continue;
      this.waiters.splice(i, 1);
    }
  }

  private arm(delayMs: number): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch((error) => {
        this.options.onError?.(error);
        this.arm(Math.min(this.maxDelayMs * 2 ** this.failures, MAX_RETRY_DELAY_MS));
      });
    }, delayMs);
    // Safe to let the process exit with rows waiting: nothing was checkpointed for them, they will be replayed.
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
