import { randomUUID } from 'node:crypto';
import { ConcurrencyError } from './event-store.errors';
import type { StreamAppend } from './event-store.port';
import { GroupCommitAppender } from './group-commit';
import { InMemoryEventStore } from './in-memory/in-memory-event-store.adapter';

const one = (streamName: string, expectedRevision: StreamAppend['expectedRevision'] = 'any'): StreamAppend => ({
  streamName,
  events: [{ id: randomUUID(), type: 't.v1', data: {} }],
  expectedRevision,
});

describe('GroupCommitAppender', () => {
  it('coalesces appends that arrive while a write is in flight into one appendMany', async () => {
    const store = new InMemoryEventStore();
    const calls: number[] = [];
    const appendMany = store.appendMany.bind(store);
    store.appendMany = async (appends) => {
      calls.push(appends.length);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return appendMany(appends);
    };
    const appender = new GroupCommitAppender(store, { maxInFlight: 1, maxBatch: 50 });
    const results = await Promise.all(Array.from({ length: 101 }, (_, i) => appender.append(one(`s-${i % 7}`))));
    expect(calls).toEqual([1, 50, 50]);
    expect(results.every((r) => r.duplicates === 0 && r.position !== undefined)).toBe(true);
    expect((await store.readAll({ maxCount: 1000 })).length).toBe(101);
  });

  it('fails only the append with a wrong expected revision and writes the others of its batch', async () => {
    const store = new InMemoryEventStore();
    await store.append('s-1', [{ id: randomUUID(), type: 't.v1', data: {} }], { expectedRevision: 'no_stream' });
    const appender = new GroupCommitAppender(store, { maxInFlight: 1 });
    const [first, wrong, third] = await Promise.allSettled([appender.append(one('s-2')), appender.append(one('s-1', 'no_stream')), appender.append(one('s-3'))]);
    expect(first.status).toBe('fulfilled');
    expect(wrong).toMatchObject({ status: 'rejected', reason: expect.any(ConcurrencyError) });
    expect(third.status).toBe('fulfilled');
    expect(await store.readStream('s-3')).toHaveLength(1);
  });

  it('fails every append of a batch whose write failed for another reason', async () => {
    const store = new InMemoryEventStore();
    store.appendMany = () => Promise.reject(new Error('connection lost'));
    const appender = new GroupCommitAppender(store);
    await expect(appender.appendAll([one('s-1'), one('s-2')])).rejects.toThrow('connection lost');
  });
});

describe('GroupCommitAppender ordering', () => {
  it('never writes one stream in two batches at once, so each stream keeps arrival order', async () => {
    const store = new InMemoryEventStore();
    const appendMany = store.appendMany.bind(store);
    const overlaps: string[] = [];
    const writing = new Set<string>();
    store.appendMany = async (appends) => {
      const streams = new Set(appends.map((a) => a.streamName));
      for (const s of streams) if (writing.has(s)) overlaps.push(s);
      streams.forEach((s) => writing.add(s));
      await new Promise((resolve) => setTimeout(resolve, 2 + (appends.length % 3)));
      streams.forEach((s) => writing.delete(s));
      return appendMany(appends);
    };
    const appender = new GroupCommitAppender(store, { maxInFlight: 4, maxBatch: 7 });
    const appends = Array.from({ length: 200 }, (_, i) => ({ ...one(`s-${i % 5}`), events: [{ id: randomUUID(), type: 't.v1', data: { i } }] }));
    await Promise.all(appends.map((a) => appender.append(a)));
    expect(overlaps).toEqual([]);
    for (let s = 0; s < 5; s++) {
      const order = (await store.readStream(`s-${s}`)).map((e) => (e.data as { i: number }).i);
      expect(order).toEqual(appends.map((a, i) => i).filter((i) => i % 5 === s));
    }
  });
});
