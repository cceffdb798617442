import { randomUUID } from 'node:crypto';
import { ConcurrencyError } from '../event-store.errors';
import type { EventStore, LogFilter, NewEvent, RecordedEvent } from '../event-store.port';

export interface EventStoreFixture {
  store: EventStore;
  cleanup(): Promise<void>;
}

const event = (type = 'test.happened.v1', data: unknown = { n: 1 }): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: { partitionKey: 'k1', correlationId: 'c1' },
});

/**
 * Collects pages from a subscription until `count` events arrived or the time is up (then it returns what it
 * has, so a missing event fails the assertion instead of hanging the test).
 */
export async function collect(iterable: AsyncIterable<RecordedEvent[]>, count: number, timeoutMs = 5000): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  const iterator = iterable[Symbol.asyncIterator]();
  const deadline = Date.now() + timeoutMs;
  while (out.length < count) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()))));
    const next = await Promise.race([iterator.next(), timeout]);
    clearTimeout(timer);
    if (next === 'timeout' || next.done) break;
    out.push(...next.value);
  }
  void iterator.return?.();
  return out;
}

/**
 * Pages through the whole log after `after` (filtered), retrying until `count` events are readable: a reader
 * may briefly see less while any transaction of the cluster is in flight (it never skips, it waits).
 */
export async function readAllUntil(store: EventStore, filter: LogFilter, count: number, pageSize = 1000, timeoutMs = 5000): Promise<RecordedEvent[]> {
  const deadline = Date.now() + timeoutMs;
  const out: RecordedEvent[] = [];
  while (out.length < count && Date.now() < deadline) {
    const page = await store.readAll({ after: out[out.length - 1]?.position ?? 0n, maxCount: pageSize, filter });
    if (page.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    out.push(...page);
  }
  return out;
}

/** The behaviour every EventStore adapter must have; each adapter's spec runs it. */
export function describeEventStoreBehaviour(name: string, factory: () => Promise<EventStoreFixture>): void {
  describe(`EventStore behaviour: ${name}`, () => {
    let fixture: EventStoreFixture;
    let store: EventStore;
    let category: string;
    const stream = (id = randomUUID()) => `${category}-${id}`;

    beforeAll(async () => {
      fixture = await factory();
      store = fixture.store;
    });
    afterAll(async () => fixture?.cleanup());
    beforeEach(() => {
      category = `t${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    });

    it('appends to a new stream and reads it back in revision order with data and metadata', async () => {
      const s = stream();
      const events = [event('a.v1', { i: 0 }), event('b.v1', { i: 1, nested: { x: [1, 2] } }), event('c.v1', { i: 2 })];
      const result = await store.append(s, events, { expectedRevision: 'no_stream' });
      expect(result.nextExpectedRevision).toBe(2n);
      expect(result.duplicates).toBe(0);
      const read = await store.readStream(s);
      expect(read.map((e) => [e.id, e.type, e.revision, e.category, e.streamName])).toEqual(
        events.map((e, i) => [e.id, e.type, BigInt(i), category, s]),
      );
      expect(read[1].data).toEqual({ i: 1, nested: { x: [1, 2] } });
      expect(read[0].metadata).toMatchObject({ partitionKey: 'k1', correlationId: 'c1' });
      expect(read[0].recordedAt).toBeInstanceOf(Date);
      expect(read[0].position < read[1].position && read[1].position < read[2].position).toBe(true);
      expect(await store.readStream(s, { fromRevision: 1n, maxCount: 1 })).toHaveLength(1);
      expect(await store.readStream(stream())).toEqual([]);
    });

    it('refuses a wrong expected revision with a ConcurrencyError and writes nothing', async () => {
      const s = stream();
      await store.append(s, [event()], { expectedRevision: 'no_stream' });
      await expect(store.append(s, [event()], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(store.append(s, [event()], { expectedRevision: 5n })).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(store.append(stream(), [event()], { expectedRevision: 0n })).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await store.readStream(s)).toHaveLength(1);
      const ok = await store.append(s, [event(), event()], { expectedRevision: 0n });
      expect(ok.nextExpectedRevision).toBe(2n);
    });

    it('treats a repeated event id as a no-op, not a second event', async () => {
      const s = stream();
      const e = event();
      await store.append(s, [e], { expectedRevision: 'no_stream' });
      const again = await store.append(s, [e], { expectedRevision: 'no_stream' });
      expect(again.duplicates).toBe(1);
      expect(again.nextExpectedRevision).toBe(0n);
      const mixed = await store.append(s, [e, event()], { expectedRevision: 0n });
      expect(mixed.duplicates).toBe(1);
      expect((await store.readStream(s)).map((r) => r.revision)).toEqual([0n, 1n]);
    });

    it('appends to several streams in one appendMany call, results in order, duplicates skipped', async () => {
      const [s1, s2] = [stream(), stream()];
      const repeated = event();
      await store.append(s2, [repeated], { expectedRevision: 'no_stream' });
      const results = await store.appendMany([
        { streamName: s1, events: [event(), event()], expectedRevision: 'no_stream' },
        { streamName: s2, events: [repeated, event()], expectedRevision: 0n },
        { streamName: s1, events: [event()], expectedRevision: 1n },
      ]);
      expect(results.map((r) => [r.nextExpectedRevision, r.duplicates])).toEqual([[1n, 0], [1n, 1], [2n, 0]]);
      expect((results[0].position ?? 0n) < (results[2].position ?? 0n)).toBe(true);
      expect((await store.readStream(s1)).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      expect(await store.readStream(s2)).toHaveLength(2);
      await expect(store.appendMany([{ streamName: s1, events: [event()], expectedRevision: 0n }])).rejects.toMatchObject({ name: 'ConcurrencyError', streamName: s1 });
      expect(await store.appendMany([])).toEqual([]);
    });

    it('appendMany names the stream whose expectation failed; an append of stored events is a duplicate whatever it expected', async () => {
      const [s1, s2, s3] = [stream(), stream(), stream()];
      const stored = event();
      await store.append(s2, [stored], { expectedRevision: 'no_stream' });
      await expect(
        store.appendMany([
          { streamName: s1, events: [event()], expectedRevision: 'no_stream' },
          { streamName: s2, events: [event()], expectedRevision: 'no_stream' },
        ]),
      ).rejects.toMatchObject({ name: 'ConcurrencyError', streamName: s2, actual: '0' });
      const results = await store.appendMany([
        { streamName: s2, events: [stored], expectedRevision: 5n },
        { streamName: s3, events: [event()], expectedRevision: 'any' },
        { streamName: s3, events: [event(), event()], expectedRevision: 'any' },
      ]);
      expect(results.map((r) => [r.nextExpectedRevision, r.duplicates, r.position === undefined])).toEqual([
        [0n, 1, true],
        [0n, 0, false],
        [2n, 0, false],
      ]);
      expect((await store.readStream(s3)).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
    });

    it('appendMany stores an event once when one call carries it twice (two deliveries in one group commit)', async () => {
      const [s1, s2] = [stream(), stream()];
      const twice = event();
      const results = await store.appendMany([
        { streamName: s1, events: [twice], expectedRevision: 'any' },
        { streamName: s2, events: [event()], expectedRevision: 'any' },
        { streamName: s1, events: [twice], expectedRevision: 'any' },
      ]);
      expect(results.map((r) => [r.nextExpectedRevision, r.duplicates])).toEqual([[0n, 0], [0n, 0], [0n, 1]]);
      expect((await store.readStream(s1)).map((e) => e.id)).toEqual([twice.id]);
    });

    it('keeps every stream in revision order when concurrent appendMany calls overlap on streams', async () => {
      const streams = Array.from({ length: 6 }, () => stream());
      // Each call touches the streams in a different order: a store that locked them as it went would deadlock
      // or let a later transaction's events of a stream be read before an earlier one's.
      await Promise.all(
        Array.from({ length: 12 }, (_, call) =>
          store.appendMany(
            (call % 2 ? [...streams].reverse() : streams).map((s) => ({ streamName: s, events: [event('x.v1', { call })], expectedRevision: 'any' as const })),
          ),
        ),
      );
      const log = await readAllUntil(store, { categories: [category] }, 72);
      expect(log).toHaveLength(72);
      for (const s of streams) {
        expect(log.filter((e) => e.streamName === s).map((e) => Number(e.revision))).toEqual([...Array(12).keys()]);
      }
    });

    it("serialises concurrent 'any' appends to one stream into consecutive revisions", async () => {
      const s = stream();
      await Promise.all(Array.from({ length: 20 }, () => store.append(s, [event()], { expectedRevision: 'any' })));
      expect((await store.readStream(s)).map((e) => Number(e.revision))).toEqual([...Array(20).keys()]);
    });

    it('reads the global log in order from a checkpoint, filtered by category and type', async () => {
      const [s1, s2] = [stream(), stream()];
      await store.append(s1, [event('x.v1'), event('y.v1')], { expectedRevision: 'no_stream' });
      await store.append(s2, [event('x.v1')], { expectedRevision: 'no_stream' });
      const all = await readAllUntil(store, { categories: [category] }, 3);
      expect(all.map((e) => [e.streamName, e.type])).toEqual([[s1, 'x.v1'], [s1, 'y.v1'], [s2, 'x.v1']]);
      const rest = await store.readAll({ after: all[0].position, filter: { categories: [category] } });
      expect(rest.map((e) => e.id)).toEqual(all.slice(1).map((e) => e.id));
      const onlyX = await store.readAll({ filter: { categories: [category], types: ['x.v1'] } });
      expect(onlyX.map((e) => e.streamName)).toEqual([s1, s2]);
      expect(await store.readAll({ filter: { categories: [category] }, maxCount: 2 })).toHaveLength(2);
    });

    it('gives strictly increasing positions in read order, also for concurrent multi-event appends', async () => {
      const writers = Array.from({ length: 12 }, () => stream());
      await Promise.all(
        writers.map(async (s) => {
          for (let i = 0; i < 5; i++) await store.append(s, [event('a.v1', { i }), event('b.v1', { i }), event('c.v1', { i })], { expectedRevision: 'any' });
        }),
      );
      const read = await readAllUntil(store, { categories: [category] }, 180, 17);
      expect(read).toHaveLength(180);
      for (let i = 1; i < read.length; i++) expect(read[i].position > read[i - 1].position).toBe(true);
      for (const s of writers) {
        expect(read.filter((e) => e.streamName === s).map((e) => Number(e.revision))).toEqual([...Array(15).keys()]);
      }
    });

    it('subscribes: catches up, then delivers live appends in order, and stops on abort', async () => {
      const s = stream();
      await store.append(s, [event('a.v1')], { expectedRevision: 'no_stream' });
      const controller = new AbortController();
      const received = collect(store.subscribe({ filter: { categories: [category] }, signal: controller.signal }), 4);
      await new Promise((r) => setTimeout(r, 50));
      await store.append(s, [event('b.v1')], { expectedRevision: 0n });
      await store.append(stream(), [event('c.v1'), event('d.v1')], { expectedRevision: 'no_stream' });
      const events = await received;
      expect(events.map((e) => e.type)).toEqual(['a.v1', 'b.v1', 'c.v1', 'd.v1']);
      // A live subscription waiting for more ends when aborted.
      const live = store.subscribe({ after: events[3].position, filter: { categories: [category] }, signal: controller.signal });
      const waiting = live[Symbol.asyncIterator]().next();
      await new Promise((r) => setTimeout(r, 50));
      controller.abort();
      expect(await waiting).toEqual({ done: true, value: undefined });
    });
  });
}
