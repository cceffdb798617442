/**
 * The event store port: the only source of truth. Streams are named `<category>-<id>` (the category has no
 * `-`). Positions in the global log are opaque non-negative bigints (wider than 64 bits on PostgreSQL: store
 * them as `numeric`), strictly increasing in the order a reader sees them, so they are checkpoints.
 */
export const EVENT_STORE = Symbol('EVENT_STORE');

/** What an append expects of the stream: none yet, exactly this revision, or (with a reason) anything. */
export type ExpectedRevision = 'no_stream' | 'any' | bigint;

export interface EventMetadata {
  /** CloudEvents `source` and `id` as the producer sent them (ingested events). */
  source?: string;
  ceId?: string;
  /** When it happened (CloudEvents `time`); `recordedAt` is when it was stored. */
  occurredAt?: string;
  subject?: string;
  /** Kafka message key / routing key: customer or aggregate id. Defaults to the stream id. */
  partitionKey?: string;
  correlationId?: string;
  causationId?: string;
  actor?: string;
  [key: string]: unknown;
}

export interface NewEvent<TData = unknown> {
  /** Unique id: appending an id that is already stored is a no-op, never a second event. */
  id: string;
  type: string;
  data: TData;
  metadata?: EventMetadata;
}

export interface RecordedEvent<TData = unknown> {
  id: string;
  type: string;
  streamName: string;
  category: string;
  /** 0-based revision inside the stream. */
  revision: bigint;
  /** Position in the global log (the checkpoint value). */
  position: bigint;
  data: TData;
  metadata: EventMetadata;
  recordedAt: Date;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append (use as the next expected revision). */
  nextExpectedRevision: bigint;
  /** Position of the last event written (undefined when every event was a duplicate). */
  position?: bigint;
  /** How many of the given events were already stored (by id) and therefore skipped. */
  duplicates: number;
}

/** One stream's part of `appendMany`. */
export interface StreamAppend {
  streamName: string;
  events: readonly NewEvent[];
  expectedRevision: ExpectedRevision;
}

/** Stream by stream, for adapters without multi-stream transactions: after a failure some may be written. */
export async function appendEach(store: Pick<EventStore, 'append'>, appends: readonly StreamAppend[]): Promise<AppendResult[]> {
  const results: AppendResult[] = [];
  for (const a of appends) results.push(await store.append(a.streamName, a.events, { expectedRevision: a.expectedRevision }));
  return results;
}

export interface ReadStreamOptions {
  fromRevision?: bigint;
  maxCount?: number;
}

export interface LogFilter {
  /** Only events of streams in these categories. */
  categories?: readonly string[];
  /** Only events of these types. */
  types?: readonly string[];
}

export interface ReadAllOptions {
  /** Exclusive: events after this position (0n = from the start). */
  after?: bigint;
  maxCount?: number;
  filter?: LogFilter;
}

export interface SubscribeOptions extends ReadAllOptions {
  /** Stops the subscription (the async iterator then returns). */
  signal?: AbortSignal;
  /** Page size of the catch-up reads. */
  batchSize?: number;
}

export interface EventStore {
  append(streamName: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  /**
   * Appends to several streams in one call (an intake batch, a group commit); results in the same order.
   * PostgreSQL: one round trip and one transaction, all or nothing. EventStoreDB and in-memory: stream by
   * stream, so after a failure some may be written: retry the whole call (event ids make it idempotent).
   */
  appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /** The events of one stream in revision order; an unknown stream is an empty array. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** One page of the global log, in order, never skipping an event that commits later. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Catch-up then live subscription to the global log: pages of events in order, as they become readable.
   * Consume with `for await` so pages never overlap.
   */
  subscribe(options?: SubscribeOptions): AsyncIterable<RecordedEvent[]>;
  close(): Promise<void>;
}

export function streamName(category: string, id: string): string {
  if (category.includes('-')) throw new Error(`stream category must not contain '-': ${category}`);
  return `${category}-${id}`;
}

export function categoryOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
}

export function idOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash < 0 ? '' : stream.slice(dash + 1);
}

export function matchesFilter(event: { category: string; type: string }, filter?: LogFilter): boolean {
  if (!filter) return true;
  if (filter.categories && !filter.categories.includes(event.category)) return false;
  if (filter.types && !filter.types.includes(event.type)) return false;
  return true;
}

/** Where a consumer without its own database keeps its position in the global log. */
export interface CheckpointStore {
  loadCheckpoint(name: string): Promise<bigint | undefined>;
  storeCheckpoint(name: string, position: bigint): Promise<void>;
}
