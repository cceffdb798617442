import {
  ANY,
  type AppendExpectedRevision,
  type AppendResult as EsdbAppendResult,
  type EventData,
  eventTypeFilter,
  excludeSystemEvents,
  type Filter,
  jsonEvent,
  type JSONType,
  NO_STREAM,
  type Position,
  type ReadPosition,
  START,
  streamNameFilter,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { ConcurrencyError } from '../event-store.errors';
import {
  type AppendResult,
  categoryOf,
  type EventMetadata,
  type ExpectedRevision,
  type LogFilter,
  type NewEvent,
  type RecordedEvent,
} from '../event-store.port';

/**
 * Pure translations between our port and `@eventstore/db-client` 6.x, kept apart from the adapter so they can
 * be unit-tested without a server.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The subset of a client `ResolvedEvent` / `AllStreamResolvedEvent` the mapping reads. */
export interface EsdbResolvedLike {
  event?: {
    streamId: string;
    id: string;
    revision: bigint;
    type: string;
    created: Date;
    data: unknown;
    metadata?: unknown;
    position?: Position;
  };
  commitPosition?: bigint;
}

export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'any') return ANY;
  if (expected < 0n) throw new RangeError(`invalid expected revision ${expected}`);
  return expected;
}

/**
 * EventStoreDB stores event ids as GUIDs and returns them lower-case, so ids must be UUIDs (ours are: v4 or
 * the v5 ids of @csp/contracts) and are written lower-case to read back identical.
 */
export function toEventData(event: NewEvent): EventData {
  if (!UUID.test(event.id)) throw new TypeError(`EventStoreDB event ids must be UUIDs, got '${event.id}'`);
  return jsonEvent({
    id: event.id.toLowerCase(),
    type: event.type,
    data: event.data as JSONType,
    metadata: event.metadata ?? {},
  });
}

/**
 * `duplicates` is always 0: the server acknowledges an idempotent retry (same ids at the same expected
 * revision) exactly like the original write, so the two cannot be told apart without an extra read.
 */
export function toAppendResult(result: EsdbAppendResult): AppendResult {
  return { nextExpectedRevision: result.nextExpectedRevision, position: result.position?.commit, duplicates: 0 };
}

/** Maps a resolved event to ours; `undefined` for deleted/unresolved entries and system (`$`) events. */
export function toRecordedEvent(resolved: EsdbResolvedLike): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || event.type.startsWith('$') || event.streamId.startsWith('$')) return undefined;
  return {
    id: event.id,
    type: event.type,
    streamName: event.streamId,
    category: categoryOf(event.streamId),
    revision: event.revision,
    position: logPositionOf(resolved),
    data: event.data,
    metadata: toMetadata(event.metadata),
    recordedAt: event.created,
  };
}

/** The commit position of the event in `$all` (stream reads carry it from server 22.6 on). */
export function logPositionOf(resolved: EsdbResolvedLike): bigint {
  const position = resolved.event?.position?.commit ?? resolved.commitPosition;
  if (position === undefined) {
    throw new Error(`EventStoreDB returned no log position for event ${resolved.event?.id} (server older than 22.6?)`);
  }
  return position;
}

function toMetadata(metadata: unknown): EventMetadata {
  const isObject = typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata);
  return isObject && !(metadata instanceof Uint8Array) ? (metadata as EventMetadata) : {};
}

/**
 * Our checkpoints keep only the commit position. Since v20 every appended event has commit = prepare
 * (explicit TCP transactions aside), so `{ commit, prepare }` both set to it address that exact event.
 */
export function toReadPosition(after: bigint | undefined): ReadPosition {
  return after === undefined || after === 0n ? START : { commit: after, prepare: after };
}

/**
 * The server-side filter of a subscription: one filter only, so categories win (stream prefix `<category>-`,
 * exact because categories have no '-'); types alone become an exact regex. The adapter still applies the
 * whole `LogFilter` client-side, which covers the combined case.
 */
export function toSubscriptionFilter(filter: LogFilter | undefined): Filter {
  if (filter?.categories) return streamNameFilter({ prefixes: filter.categories.map((category) => `${category}-`) });
  if (filter?.types) return eventTypeFilter({ regex: `^(?:${filter.types.map(escapeRegex).join('|')})$` });
  return excludeSystemEvents();
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isVendorError(error: unknown, type: string): boolean {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === type;
}

export function isStreamNotFound(error: unknown): boolean {
  return error instanceof StreamNotFoundError || isVendorError(error, 'stream-not-found');
}

/** `WrongExpectedVersionError` becomes our `ConcurrencyError`; anything else is returned unchanged. */
export function translateAppendError(error: unknown, stream: string, expected: ExpectedRevision): unknown {
  if (!(error instanceof WrongExpectedVersionError) && !isVendorError(error, 'wrong-expected-version')) return error;
  const actual = (error as { actualVersion?: unknown }).actualVersion;
  return new ConcurrencyError(stream, String(expected), describeActual(actual));
}


function describeActual(actual: unknown): string {
  if (actual === NO_STREAM || actual === -1n) return 'no_stream';
  return typeof actual === 'bigint' ? String(actual) : 'unknown';
}
