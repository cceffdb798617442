import { type AllStreamResolvedEvent, BACKWARDS, END, EventStoreDBClient, START } from '@eventstore/db-client';
import { ConcurrencyError } from '../event-store.errors';
import {
  appendEach,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type LogFilter,
  matchesFilter,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamAppend,
  type SubscribeOptions,
} from '../event-store.port';
import {
  isStreamNotFound,
  logPositionOf,
  toAppendResult,
  toEsdbExpectedRevision,
  toEventData,
  toReadPosition,
  toRecordedEvent,
  toSubscriptionFilter,
  translateAppendError,
} from './esdb-event-store.mapping';
import { pagesOf } from './subscription-pages.iterator';

const DEFAULT_READ_ALL_COUNT = 1000;
const DEFAULT_BATCH_SIZE = 500;

/** How many of a stream's latest events an append checks for ids it already holds. */
const IDEMPOTENCY_WINDOW = 1000;

/**
 * The production event store: EventStoreDB / KurrentDB through `@eventstore/db-client` 6.x. Streams keep our
 * names (`<category>-<id>`); `position` is the commit position in `$all`.
 *
 * Duplicates: the server only makes a retry idempotent when it carries the same ids at the same expected
 * revision, and reports it like the original write. So an append first reads the stream's last
 * IDEMPOTENCY_WINDOW events (one backwards read) and skips the ids already there, counting them in
 * `duplicates` as the port requires. Two concurrent 'any' appends of the same new id can both pass that check;
 * appends with an exact or 'no_stream' expectation cannot (the second one conflicts).
 */
export class EsdbEventStore implements EventStore {
  /** One controller per live subscription, so `close()` can end them before the client goes away. */
  private readonly subscriptions = new Set<AbortController>();

  constructor(private readonly client: EventStoreDBClient) {}

  /** e.g. `esdb://localhost:2113?tls=false`. */
  static fromConnectionString(connectionString: string): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  /** Stream by stream (no multi-stream transaction here). */
  appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    return appendEach(this, appends);
  }

  async append(stream: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const expected = options.expectedRevision;
    const latest = await this.readLatest(stream, IDEMPOTENCY_WINDOW);
    const stored = new Set(latest.map((e) => e.id));
    const fresh = events.filter((e) => !stored.has(e.id.toLowerCase()));
    if (fresh.length === 0) {
      return { nextExpectedRevision: latest[0]?.revision ?? -1n, duplicates: events.length };
    }
    try {
      const result = await this.client.appendToStream(stream, fresh.map(toEventData), {
        expectedRevision: toEsdbExpectedRevision(expected),
      });
      // Only with `throwOnAppendFailure=false` in the connection string; the reported revision is unreliable then.
      if (!result.success) throw new ConcurrencyError(stream, String(expected), 'unknown');
      return { ...toAppendResult(result), duplicates: events.length - fresh.length };
    } catch (error) {
      throw translateAppendError(error, stream, expected);
    }
  }

  /** The stream's last `count` events, newest first ([] for an unknown stream). */
  private async readLatest(stream: string, count: number): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: count })) {
        const recorded = toRecordedEvent(resolved);
        if (recorded) out.push(recorded);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
    return out;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.maxCount === 0) return [];
    const read = this.client.readStream(stream, {
      fromRevision: options.fromRevision ?? START,
      maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
    });
    const out: RecordedEvent[] = [];
    try {
      for await (const resolved of read) {
        const recorded = toRecordedEvent(resolved);
        if (recorded) out.push(recorded);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
    return out;
  }

  /**
   * Client 6.x reads `$all` without a server-side filter, so this scans the log after `after` in chunks and
   * filters here; prefer `subscribe` (filtered on the server) for long catch-ups.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const max = options.maxCount ?? DEFAULT_READ_ALL_COUNT;
    const out: RecordedEvent[] = [];
    let cursor = options.after ?? 0n;
    while (out.length < max) {
      const chunkSize = Math.min(Math.max(max - out.length + 1, 256), 4096);
      const chunk = await this.readAllChunk(cursor, chunkSize, options.filter);
      out.push(...chunk.events.slice(0, max - out.length));
      if (chunk.scanned < chunkSize || chunk.last === cursor) break;
      cursor = chunk.last;
    }
    return out;
  }

  /**
   * Catch-up then live subscription to `$all`, filtered on the server (see `toSubscriptionFilter`), in pages of
   * what arrived together (at most `batchSize`). Ends when `signal` aborts or the store closes; a server or
   * connection failure is thrown to the consumer, which resumes from its checkpoint.
   */
  async *subscribe(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent[]> {
    const { signal, filter } = options;
    if (signal?.aborted) return;
    const after = options.after ?? 0n;
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    const subscription = this.client.subscribeToAll(
      { fromPosition: toReadPosition(after), filter: toSubscriptionFilter(filter), resolveLinkTos: false },
      { highWaterMark: batchSize },
    );
    const stop = new AbortController();
    const abort = () => stop.abort();
    stop.signal.addEventListener('abort', () => subscription.destroy(), { once: true });
    signal?.addEventListener('abort', abort, { once: true });
    this.subscriptions.add(stop);
    try {
      yield* pagesOf(subscription, {
        batchSize,
        signal: stop.signal,
        map: (resolved: AllStreamResolvedEvent) => accept(resolved, after, filter),
      });
    } finally {
      signal?.removeEventListener('abort', abort);
      this.subscriptions.delete(stop);
      await subscription.unsubscribe().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    for (const subscription of this.subscriptions) subscription.abort();
    await this.client.dispose();
  }

  /** One forward read of `$all` from `cursor` (inclusive on the server, exclusive here). */
  private async readAllChunk(cursor: bigint, maxCount: number, filter?: LogFilter) {
    const events: RecordedEvent[] = [];
    let scanned = 0;
    let last = cursor;
    for await (const resolved of this.client.readAll({ fromPosition: toReadPosition(cursor), maxCount })) {
      scanned++;
      if (!resolved.event) continue;
      last = logPositionOf(resolved);
      const recorded = accept(resolved, cursor, filter);
      if (recorded) events.push(recorded);
    }
    return { events, scanned, last };
  }
}

/** Our event, if it is a user event after `after` that the filter lets through. */
function accept(resolved: AllStreamResolvedEvent, after: bigint, filter?: LogFilter): RecordedEvent | undefined {
  const recorded = toRecordedEvent(resolved);
  return recorded && recorded.position > after && matchesFilter(recorded, filter) ? recorded : undefined;
}
