import { ConcurrencyError } from './event-store.errors';
import type { AppendResult, EventStore, StreamAppend } from './event-store.port';

export interface GroupCommitOptions {
  /** Most appends written by one `appendMany` (default 500). */
  maxBatch?: number;
  /** `appendMany` calls in flight at once (default 4); appends arriving meanwhile wait and go together. */
  maxInFlight?: number;
}

interface Pending {
  append: StreamAppend;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: appends that arrive while earlier ones are being written are coalesced into one `appendMany`,
 * so many concurrent small appends (one event per HTTP request) cost one round trip and one commit instead of
 * one each. Each caller still gets its own result or error: a wrong expected revision of one append fails that
 * append alone (the batch is retried stream by stream); any other error fails the whole batch, which on
 * PostgreSQL wrote nothing.
 */
export class GroupCommitAppender {
  private queue: Pending[] = [];
  /** Streams with appends in a batch in flight (count of such appends). */
  private readonly busy = new Map<string, number>();
  private inFlight = 0;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly store: Pick<EventStore, 'append' | 'appendMany'>,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 500;
    this.maxInFlight = options.maxInFlight ?? 4;
  }

  append(append: StreamAppend): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ append, resolve, reject });
      this.flush();
    });
  }

  /** Several appends of one caller (an intake batch); they may share a write with other callers' appends. */
  appendAll(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    return Promise.all(appends.map((a) => this.append(a)));
  }

  private flush(): void {
    while (this.inFlight < this.maxInFlight) {
      const batch = this.nextBatch();
      if (batch.length === 0) return;
      this.inFlight++;
      for (const p of batch) this.busy.set(p.append.streamName, (this.busy.get(p.append.streamName) ?? 0) + 1);
      void this.write(batch).finally(() => {
        this.inFlight--;
        for (const p of batch) {
          const left = (this.busy.get(p.append.streamName) ?? 1) - 1;
          if (left === 0) this.busy.delete(p.append.streamName);
          else this.busy.set(p.append.streamName, left);
        }
        this.flush();
      });
    }
  }

  /**
   * The oldest queued appends, skipping streams that are being written by a batch in flight: two concurrent
   * transactions on one stream could commit its events out of their arrival order.
   */
  private nextBatch(): Pending[] {
    const batch: Pending[] = [];
    const waiting: Pending[] = [];
    for (const p of this.queue) {
      if (batch.length < this.maxBatch && !this.busy.has(p.append.streamName)) batch.push(p);
      else waiting.push(p);
    }
    this.queue = waiting;
    return batch;
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      const results = await this.store.appendMany(batch.map((p) => p.append));
      batch.forEach((p, i) => p.resolve(results[i]));
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || batch.length === 1) {
        for (const p of batch) p.reject(error);
        return;
      }
      for (const p of batch) {
        const { streamName, events, expectedRevision } = p.append;
        await this.store.append(streamName, events, { expectedRevision }).then(p.resolve, p.reject);
      }
    }
  }
}
