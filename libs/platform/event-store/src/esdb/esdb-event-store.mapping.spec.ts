import {
  ANY,
  EVENT_TYPE,
  NO_STREAM,
  START,
  STREAM_NAME,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { ConcurrencyError } from '../event-store.errors';
import {
  type EsdbResolvedLike,
  isStreamNotFound,
  toAppendResult,
  toEsdbExpectedRevision,
  toEventData,
  toReadPosition,
  toRecordedEvent,
  toSubscriptionFilter,
  translateAppendError,
} from './esdb-event-store.mapping';

const ID = '0b6c6a4e-3f0e-4a57-9d59-9d7c1f7f2a10';
const created = new Date('2025-01-02T03:04:05.000Z');

function resolved(overrides: Partial<NonNullable<EsdbResolvedLike['event']>> = {}): EsdbResolvedLike {
  return {
    event: {
      streamId: 'ticket-42-a',
      id: ID,
      revision: 3n,
      type: 'ticket.opened.v1',
      created,
      data: { subject: 'help' },
      metadata: { partitionKey: 'c1', correlationId: 'x' },
      position: { commit: 1234n, prepare: 1234n },
      ...overrides,
    },
  };
}

describe('EventStoreDB mapping', () => {
  it('maps expected revisions to the client constants and refuses negative ones', () => {
    expect(toEsdbExpectedRevision('no_stream')).toBe(NO_STREAM);
    expect(toEsdbExpectedRevision('any')).toBe(ANY);
    expect(toEsdbExpectedRevision(7n)).toBe(7n);
    expect(() => toEsdbExpectedRevision(-1n)).toThrow(RangeError);
  });

  it('writes JSON events with our id (lower-cased), type, data and metadata', () => {
    const upper = ID.toUpperCase();
    const data = toEventData({ id: upper, type: 't.v1', data: { a: 1 }, metadata: { actor: 'agent-1' } });
    expect(data).toEqual({ id: ID, contentType: 'application/json', type: 't.v1', data: { a: 1 }, metadata: { actor: 'agent-1' } });
    expect(toEventData({ id: ID, type: 't.v1', data: [] }).metadata).toEqual({});
    expect(() => toEventData({ id: 'not-a-uuid', type: 't.v1', data: {} })).toThrow(/must be UUIDs/);
  });

  it('reports the commit position and no duplicates for an append', () => {
    expect(toAppendResult({ success: true, nextExpectedRevision: 4n, position: { commit: 99n, prepare: 98n } })).toEqual({
      nextExpectedRevision: 4n,
      position: 99n,
      duplicates: 0,
    });
    expect(toAppendResult({ success: true, nextExpectedRevision: 0n }).position).toBeUndefined();
  });

  it('maps a recorded event: revision, commit position, category before the first dash, created', () => {
    expect(toRecordedEvent(resolved())).toEqual({
      id: ID,
      type: 'ticket.opened.v1',
      streamName: 'ticket-42-a',
      category: 'ticket',
      revision: 3n,
      position: 1234n,
      data: { subject: 'help' },
      metadata: { partitionKey: 'c1', correlationId: 'x' },
      recordedAt: created,
    });
  });

  it('falls back to the resolved commit position, and refuses an event without any position', () => {
    expect(toRecordedEvent({ ...resolved({ position: undefined }), commitPosition: 77n })?.position).toBe(77n);
    expect(() => toRecordedEvent(resolved({ position: undefined }))).toThrow(/no log position/);
  });

  it('gives empty metadata for missing, binary or non-object metadata', () => {
    for (const metadata of [undefined, new Uint8Array([1]), 'text', [1, 2]]) {
      expect(toRecordedEvent(resolved({ metadata }))?.metadata).toEqual({});
    }
  });

  it('skips system events, system streams and unresolved entries', () => {
    expect(toRecordedEvent(resolved({ type: '$metadata' }))).toBeUndefined();
    expect(toRecordedEvent(resolved({ streamId: '$ce-ticket' }))).toBeUndefined();
    expect(toRecordedEvent({ commitPosition: 5n })).toBeUndefined();
  });

  it('turns a commit-position checkpoint into a read position (0n is the start)', () => {
    expect(toReadPosition(undefined)).toBe(START);
    expect(toReadPosition(0n)).toBe(START);
    expect(toReadPosition(42n)).toEqual({ commit: 42n, prepare: 42n });
  });

  it('filters categories by exact stream prefix, types by exact regex, and otherwise excludes system events', () => {
    expect(toSubscriptionFilter({ categories: ['ticket', 'customer'], types: ['x'] })).toMatchObject({
      filterOn: STREAM_NAME,
      prefixes: ['ticket-', 'customer-'],
    });
    const byType = toSubscriptionFilter({ types: ['x.v1', 'a+b'] });
    expect(byType.filterOn).toBe(EVENT_TYPE);
    const regex = new RegExp((byType as { regex: string }).regex);
    expect(['x.v1', 'a+b'].map((t) => regex.test(t))).toEqual([true, true]);
    expect(['xyv1', 'x.v10', 'pre.x.v1', 'aab'].some((t) => regex.test(t))).toBe(false);
    const none = toSubscriptionFilter(undefined) as { filterOn: string; regex: string };
    expect(none.filterOn).toBe(EVENT_TYPE);
    expect(new RegExp(none.regex).test('$metadata')).toBe(false);
    expect(new RegExp(none.regex).test('ticket.opened.v1')).toBe(true);
  });

  it('translates the client WrongExpectedVersionError into a ConcurrencyError', () => {
    const vendor = new WrongExpectedVersionError(undefined, { streamName: 's-1', expected: NO_STREAM, current: 0n });
    const error = translateAppendError(vendor, 's-1', 'no_stream');
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ streamName: 's-1', expected: 'no_stream', actual: '0', code: 'EVENT_STORE.CONCURRENCY' });
  });

  it('translates a WrongExpectedVersionError-like object, reading a missing stream as no_stream', () => {
    for (const actualVersion of ['no_stream', -1n]) {
      const like = { type: 'wrong-expected-version', actualVersion, expectedVersion: 0n };
      expect(translateAppendError(like, 's-2', 0n)).toMatchObject({ streamName: 's-2', expected: '0', actual: 'no_stream' });
    }
    expect(translateAppendError({ type: 'wrong-expected-version' }, 's-3', 'any')).toMatchObject({ actual: 'unknown' });
  });

  it('passes every other error through unchanged', () => {
    const other = new Error('unavailable');
    expect(translateAppendError(other, 's', 'any')).toBe(other);
  });

  it('recognises a missing stream', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 's-1'))).toBe(true);
    expect(isStreamNotFound({ type: 'stream-not-found' })).toBe(true);
    expect(isStreamNotFound(new Error('boom'))).toBe(false);
  });
});
