import type { ReadAllOptions, RecordedEvent } from '../event-store.port';
import { LogTail, type TailSource, type Wake } from './postgres-log-tail';

const event = (category: string, position: bigint): RecordedEvent => ({
  id: `${category}-${position}`, type: 't', streamName: `${category}-1`, category, revision: 0n, position, data: {}, metadata: {}, recordedAt: new Date(),
});

/** A source whose reads the test answers one by one, and whose wake-ups it sends. */
function fakeSource() {
  const reads: Array<{ options: ReadAllOptions; answer: (events: RecordedEvent[]) => void }> = [];
  const waits: Array<{ wanted: (category: string) => boolean; resolve: (wake: Wake) => void }> = [];
  const source: TailSource = {
    pollMs: 60_000,
    head: async () => 0n,
    readAll: (options) => new Promise((resolve) => reads.push({ options, answer: resolve })),
    nextWake: (wanted, signal) => {
      let resolve!: (wake: Wake) => void;
      const promise = new Promise<Wake>((r) => (resolve = r));
      const wait = { wanted, resolve };
      waits.push(wait);
      signal.addEventListener('abort', () => resolve(false));
      return { promise, cancel: () => resolve(false) };
    },
  };
  return { source, reads, waits };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('LogTail', () => {
  it('serves members from one read and starts reading a new category only after the read in flight', async () => {
    const { source, reads, waits } = fakeSource();
    const tail = new LogTail(source);
    const mark = await tail.mark();
    const a = tail.join(0n, mark, { categories: ['a'] }, 10); // a new category: one more own read first
    expect(a).toBeUndefined();
    const member = tail.join(0n, mark, { categories: ['a'] }, 10);
    expect(member).toBeDefined();
    await settle();
    expect(reads).toHaveLength(1);
    expect(reads[0].options.filter).toEqual({ categories: ['a'] });

    // While that read is in flight, another subscription asks for 'b': the read does not include it, so 'b' is
    // added after it, from where it left the tail; the wake-ups for 'b' count already.
    expect(tail.join(0n, mark, { categories: ['b'] }, 10)).toBeUndefined();
    expect(waits[0].wanted('b')).toBe(true);
    reads[0].answer([event('a', 5n)]);
    await settle();
    expect(tail.join(0n, mark, { categories: ['b'] }, 10)).toBeUndefined(); // b's events up to 5 were never read
    const b = tail.join(5n, await tail.mark(), { categories: ['b'] }, 10);
    expect(b).toBeDefined();

    // The next read includes both; each member gets its own events.
    waits[waits.length - 1].resolve({ last: 7n });
    await new Promise((resolve) => setTimeout(resolve, 20)); // reads are at least 10 ms apart
    expect(reads[1].options.filter).toEqual({ categories: ['a', 'b'] });
    reads[1].answer([event('b', 6n), event('a', 7n)]);
    const pageOfA = member?.pages(undefined)[Symbol.asyncIterator]();
    expect((await pageOfA?.next())?.value.map((e: RecordedEvent) => e.position)).toEqual([5n]);
    expect((await pageOfA?.next())?.value.map((e: RecordedEvent) => e.position)).toEqual([7n]);
    expect((await b?.pages(undefined)[Symbol.asyncIterator]().next())?.value.map((e: RecordedEvent) => e.position)).toEqual([6n]);
    tail.close();
  });

  it('needs no read for a wake-up about events it has read already', async () => {
    const { source, reads, waits } = fakeSource();
    const tail = new LogTail(source);
    const mark = await tail.mark();
    tail.join(0n, mark, { categories: ['a'] }, 10);
    tail.join(0n, mark, { categories: ['a'] }, 10);
    await settle();
    reads[0].answer([event('a', 5n)]);
    await settle();
    waits[waits.length - 1].resolve({ last: 5n });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(reads).toHaveLength(1);
    tail.close();
  });
});
