import {
  type EventStoreDBClient,
  NO_STREAM,
  type ReadPosition,
  START,
  STREAM_NAME,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { BACKWARDS, END } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { ConcurrencyError } from '../event-store.errors';
import type { RecordedEvent } from '../event-store.port';
import { EsdbEventStore } from './esdb-event-store.adapter';

// The adapter against an in-process fake of the client's surface (no server here): it checks what the
// adapter asks of the client and how it shapes the answers. The real server is covered by the int spec.

const entry = (position: number, streamId: string, type = 't.v1') => ({
  event: { streamId, id: randomUUID(), revision: 0n, type, created: new Date(0), data: {}, metadata: {}, position: { commit: BigInt(position), prepare: BigInt(position) } },
});
type Entry = ReturnType<typeof entry>;
type FakeSubscription = PassThrough & { unsubscribe: jest.Mock; request: unknown };

class FakeClient {
  log: Entry[] = [];
  readAllCalls = 0;
  subscriptions: FakeSubscription[] = [];
  appendToStream = jest.fn();
  dispose = jest.fn(async () => undefined);
  readStream = jest.fn((_stream: string, _options: unknown) => Readable.from(this.log));

  /** Like the server: reads forwards from the position, inclusive. */
  readAll(options: { fromPosition: ReadPosition; maxCount: number }) {
    this.readAllCalls++;
    const from = typeof options.fromPosition === 'object' ? options.fromPosition.commit : -1n;
    return Readable.from(this.log.filter((e) => e.event.position.commit >= from).slice(0, options.maxCount));
  }

  subscribeToAll(request: unknown, readable: { highWaterMark: number }) {
    const subscription = Object.assign(new PassThrough({ objectMode: true, highWaterMark: readable.highWaterMark }), {
      unsubscribe: jest.fn(async () => undefined),
      request,
    });
    this.subscriptions.push(subscription);
    return subscription;
  }
}

describe('EsdbEventStore (fake client)', () => {
  let client: FakeClient;
  let store: EsdbEventStore;
  const event = () => ({ id: randomUUID(), type: 't.v1', data: { a: 1 } });

  beforeEach(() => {
    client = new FakeClient();
    store = new EsdbEventStore(client as unknown as EventStoreDBClient);
  });

  it('appends with the mapped expected revision and returns the commit position', async () => {
    client.appendToStream.mockResolvedValue({ success: true, nextExpectedRevision: 1n, position: { commit: 10n, prepare: 10n } });
    const result = await store.append('a-1', [event(), event()], { expectedRevision: 'no_stream' });
    expect(result).toEqual({ nextExpectedRevision: 1n, position: 10n, duplicates: 0 });
    expect(client.appendToStream).toHaveBeenCalledWith('a-1', expect.any(Array), { expectedRevision: NO_STREAM });
    expect(client.appendToStream.mock.calls[0][1]).toHaveLength(2);
  });

  it('skips ids the stream already holds (one backwards read) and reports them as duplicates', async () => {
    const stored = entry(7, 'a-1');
    client.log = [stored];
    const again = await store.append('a-1', [{ id: stored.event.id, type: 't.v1', data: {} }], { expectedRevision: 'no_stream' });
    expect(again).toEqual({ nextExpectedRevision: 0n, duplicates: 1 });
    expect(client.appendToStream).not.toHaveBeenCalled();
    expect(client.readStream).toHaveBeenCalledWith('a-1', { direction: BACKWARDS, fromRevision: END, maxCount: 1000 });

    client.appendToStream.mockResolvedValue({ success: true, nextExpectedRevision: 1n, position: { commit: 11n, prepare: 11n } });
    const fresh = event();
    const mixed = await store.append('a-1', [{ id: stored.event.id, type: 't.v1', data: {} }, fresh], { expectedRevision: 0n });
    expect(mixed).toMatchObject({ nextExpectedRevision: 1n, duplicates: 1 });
    expect(client.appendToStream.mock.calls[0][1].map((e: { id: string }) => e.id)).toEqual([fresh.id]);
  });

  it('turns a wrong expected version, thrown or returned, into a ConcurrencyError', async () => {
    client.appendToStream.mockRejectedValueOnce(new WrongExpectedVersionError(undefined, { streamName: 'a-1', expected: 3n, current: 5n }));
    await expect(store.append('a-1', [event()], { expectedRevision: 3n })).rejects.toMatchObject({ expected: '3', actual: '5' });
    client.appendToStream.mockResolvedValueOnce({ success: false, nextExpectedRevision: 5n });
    await expect(store.append('a-1', [event()], { expectedRevision: 3n })).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(store.append('a-1', [], { expectedRevision: 3n })).rejects.toThrow(/at least one event/);
  });

  it('reads a stream, and an unknown stream as empty', async () => {
    client.log = [entry(5, 'a-1'), entry(9, 'a-1')];
    expect((await store.readStream('a-1', { fromRevision: 1n, maxCount: 2 })).map((e) => e.position)).toEqual([5n, 9n]);
    expect(client.readStream).toHaveBeenCalledWith('a-1', { fromRevision: 1n, maxCount: 2 });
    client.readStream.mockImplementationOnce(() => new Readable({ objectMode: true, read() { this.destroy(new StreamNotFoundError(undefined, 'a-2')); } }));
    expect(await store.readStream('a-2')).toEqual([]);
  });

  it('reads the global log after a position, filtered here, across several chunks', async () => {
    // 1000 entries, every 100th in category `a`, system events in between.
    client.log = Array.from({ length: 1000 }, (_, i) => (i % 100 === 0 ? entry(i + 1, `a-${i}`) : entry(i + 1, i % 2 ? 'b-1' : '$stats', i % 2 ? 't.v1' : '$x')));
    const all = await store.readAll({ filter: { categories: ['a'] }, maxCount: 20 }); // chunks of 256
    expect(all.map((e) => e.position)).toEqual([1n, 101n, 201n, 301n, 401n, 501n, 601n, 701n, 801n, 901n]);
    expect(client.readAllCalls).toBe(4);
    expect((await store.readAll({ after: 101n, filter: { categories: ['a'] }, maxCount: 2 })).map((e) => e.position)).toEqual([201n, 301n]);
    expect((await store.readAll({ after: 999n })).map((e) => e.position)).toEqual([1000n]);
    expect((await store.readAll({ after: 1000n })).length).toBe(0);
  });

  it('subscribes with a server-side filter, in pages, skipping what is not after the checkpoint', async () => {
    const controller = new AbortController();
    const iterator = store.subscribe({ after: 7n, filter: { categories: ['a'] }, batchSize: 2, signal: controller.signal })[Symbol.asyncIterator]();
    const first = iterator.next();
    const [subscription] = client.subscriptions;
    expect(subscription.request).toMatchObject({ fromPosition: { commit: 7n, prepare: 7n }, filter: { filterOn: STREAM_NAME, prefixes: ['a-'] } });
    [entry(7, 'a-1'), entry(8, 'a-1'), entry(9, 'a-2'), entry(10, 'a-2')].forEach((e) => subscription.write(e));
    const pages: RecordedEvent[][] = [(await first).value, (await iterator.next()).value];
    expect(pages.map((page) => page.map((e) => e.position))).toEqual([[8n, 9n], [10n]]);
    const pending = iterator.next();
    controller.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(subscription.unsubscribe).toHaveBeenCalled();
  });

  it('returns at once for an aborted signal, and close() ends live subscriptions and disposes the client', async () => {
    const aborted = AbortSignal.abort();
    expect(await store.subscribe({ signal: aborted })[Symbol.asyncIterator]().next()).toEqual({ done: true, value: undefined });
    expect(client.subscriptions).toHaveLength(0);
    const pending = store.subscribe()[Symbol.asyncIterator]().next();
    await new Promise((resolve) => setImmediate(resolve));
    await store.close();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(client.subscriptions[0].request).toMatchObject({ fromPosition: START });
    expect(client.subscriptions[0].unsubscribe).toHaveBeenCalled();
    expect(client.dispose).toHaveBeenCalled();
  });
});
