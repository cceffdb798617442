import { EventEmitter } from 'node:events';
import { ConcurrencyError } from '../event-store.errors';
import {
  appendEach,
  type AppendResult,
  categoryOf,
  type EventStore,
  type ExpectedRevision,
  matchesFilter,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamAppend,
  type SubscribeOptions,
} from '../event-store.port';

/** In-memory event store for unit tests of domain code only; passes the same behaviour suite. */
export class InMemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly ids = new Set<string>();
  private readonly wake = new EventEmitter().setMaxListeners(0);
  private closed = false;

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Stream by stream (no multi-stream transaction here). */
  appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    return appendEach(this, appends);
  }

  async append(stream: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const existing = this.streams.get(stream) ?? [];
    const current = existing.length - 1;
    const fresh = events.filter((e) => !this.ids.has(e.id));
    if (fresh.length === 0) return { nextExpectedRevision: BigInt(current), duplicates: events.length };
    const expected = options.expectedRevision;
    if ((expected === 'no_stream' && current >= 0) || (typeof expected === 'bigint' && BigInt(current) !== expected)) {
      throw new ConcurrencyError(stream, String(expected), current < 0 ? 'no_stream' : String(current));
    }
    for (const event of fresh) {
      const recorded: RecordedEvent = {
        id: event.id,
        type: event.type,
        streamName: stream,
        category: categoryOf(stream),
        revision: BigInt(existing.length),
        position: BigInt(this.log.length + 1),
        data: structuredClone(event.data),
        metadata: structuredClone(event.metadata ?? {}),
        recordedAt: this.now(),
      };
      existing.push(recorded);
      this.log.push(recorded);
      this.ids.add(event.id);
    }
    this.streams.set(stream, existing);
    this.wake.emit('wake');
    return {
      nextExpectedRevision: BigInt(existing.length - 1),
      position: this.log[this.log.length - 1].position,
      duplicates: events.length - fresh.length,
    };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const from = Number(options.fromRevision ?? 0n);
    return (this.streams.get(stream) ?? []).slice(from, from + (options.maxCount ?? Infinity));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = Number(options.after ?? 0n);
    const max = options.maxCount ?? 1000;
    const out: RecordedEvent[] = [];
    for (let i = after; i < this.log.length && out.length < max; i++) {
      if (matchesFilter(this.log[i], options.filter)) out.push(this.log[i]);
    }
    return out;
  }

  async *subscribe(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent[]> {
    let after = options.after ?? 0n;
    while (!options.signal?.aborted && !this.closed) {
      const page = await this.readAll({ after, maxCount: options.batchSize ?? 500, filter: options.filter });
      if (page.length > 0) {
        after = page[page.length - 1].position;
        yield page;
        continue;
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          this.wake.off('wake', done);
          options.signal?.removeEventListener('abort', done);
          resolve();
        };
        this.wake.once('wake', done);
        options.signal?.addEventListener('abort', done);
      });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake.emit('wake');
  }
}
