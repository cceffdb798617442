import type { AnalyticsRow, AnalyticsStore, InsertOptions } from './analytics-store.port';
import { batchDeduplicationToken, RowBatch } from './clickhouse-batch';
import { ClickHouseBatchWriter } from './clickhouse-batch-writer';

/** Records inserts; `failNext` makes the next insert throw. */
class FakeStore implements Pick<AnalyticsStore, 'insert'> {
  readonly log: string[] = [];
  readonly inserts: { table: string; rows: readonly AnalyticsRow[]; token: string }[] = [];
  failNext = 0;
  async insert(table: string, rows: readonly AnalyticsRow[], options: InsertOptions): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      this.log.push(`failed:${table}`);
      throw new Error('insert failed');
    }
    this.inserts.push({ table, rows, token: options.deduplicationToken });
    this.log.push(`insert:${table}:${rows.length}`);
  }
}

const setup = (options: { maxRows?: number; maxDelayMs?: number } = {}) => {
  const store = new FakeStore();
  const checkpoints: bigint[] = [];
  const writer = new ClickHouseBatchWriter<bigint>({
    store: store as unknown as AnalyticsStore,
    onFlushed: (checkpoint) => {
      store.log.push(`flushed:${checkpoint}`);
      checkpoints.push(checkpoint);
    },
    ...options,
  });
  return { store, writer, checkpoints };
};
const event = (n: number) => ({ eventId: `e${n}`, checkpoint: BigInt(n) });
const row = (table: string, n: number) => ({ table, row: { n } });

describe('batchDeduplicationToken', () => {
  it('depends on the table and on the events, in order', () => {
    const token = batchDeduplicationToken('facts', ['e1', 'e2']);
    expect(batchDeduplicationToken('facts', ['e1', 'e2'])).toBe(token);
    expect(batchDeduplicationToken('other', ['e1', 'e2'])).not.toBe(token);
    expect(batchDeduplicationToken('facts', ['e2', 'e1'])).not.toBe(token);
    expect(batchDeduplicationToken('facts', ['e1'])).not.toBe(token);
    expect(batchDeduplicationToken('facts', ['e1\ne2'])).not.toBe(token);
  });
});

describe('RowBatch', () => {
  it('groups rows per table with the ids of the events they came from', () => {
    const batch = new RowBatch<bigint>();
    batch.add(event(1), [row('a', 1), row('a', 2), row('b', 3)], 1);
    batch.add(event(2), [], 2);
    batch.add(event(3), [row('a', 4)], 3);
    expect(batch.rowCount).toBe(4);
    expect(batch.checkpoint).toBe(3n);
    expect(batch.inserts()).toEqual([
      { table: 'a', rows: [{ n: 1 }, { n: 2 }, { n: 4 }], deduplicationToken: batchDeduplicationToken('a', ['e1', 'e3']) },
      { table: 'b', rows: [{ n: 3 }], deduplicationToken: batchDeduplicationToken('b', ['e1']) },
    ]);
  });
});

describe('ClickHouseBatchWriter', () => {
  afterEach(() => jest.useRealTimers());

  it('flushes when maxRows is reached, before add resolves', async () => {
    const { store, writer, checkpoints } = setup({ maxRows: 3, maxDelayMs: 60_000 });
    await writer.add(event(1), [row('a', 1), row('a', 2)]);
    expect(store.inserts).toEqual([]);
    await writer.add(event(2), [row('a', 3)]);
    expect(store.inserts.map((i) => i.rows.length)).toEqual([3]);
    expect(checkpoints).toEqual([2n]);
    expect(writer.pendingRows).toBe(0);
  });

  it('flushes maxDelayMs after the first waiting event', async () => {
    jest.useFakeTimers();
    const { store, writer, checkpoints } = setup({ maxDelayMs: 200 });
    await writer.add(event(1), [row('a', 1)]);
    await jest.advanceTimersByTimeAsync(150);
    await writer.add(event(2), [row('a', 2)]);
    await jest.advanceTimersByTimeAsync(49);
    expect(store.inserts).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(store.inserts.map((i) => i.rows.length)).toEqual([2]);
    expect(checkpoints).toEqual([2n]);
  });

  it('calls onFlushed once, after every table of the batch was inserted', async () => {
    const { store, writer } = setup();
    await writer.add(event(1), [row('a', 1), row('b', 1)]);
    await writer.add(event(2), [row('c', 2)]);
    expect(await writer.flush()).toBe(2n);
    expect(store.log).toEqual(['insert:a:1', 'insert:b:1', 'insert:c:1', 'flushed:2']);
    expect(writer.durableCheckpoint).toBe(2n);
  });

  it('moves the checkpoint for events that produced no rows', async () => {
    const { store, writer, checkpoints } = setup();
    await writer.add(event(7));
    await writer.flush();
    expect(store.inserts).toEqual([]);
    expect(checkpoints).toEqual([7n]);
  });

  it('keeps a failed batch, rethrows, and retries it with the same tokens', async () => {
    const { store, writer, checkpoints } = setup();
    await writer.add(event(1), [row('a', 1), row('b', 1)]);
    store.failNext = 1;
    await expect(writer.flush()).rejects.toThrow('insert failed');
    expect(checkpoints).toEqual([]);
    expect(writer.pendingRows).toBe(2);

    // A redelivery of the same event is not buffered twice; a new event goes to a batch of its own.
    await writer.add(event(1), [row('a', 1), row('b', 1)]);
    await writer.add(event(2), [row('a', 2)]);
    expect(await writer.flush()).toBe(2n);
    expect(store.inserts.map((i) => i.token)).toEqual([
      batchDeduplicationToken('a', ['e1']),
      batchDeduplicationToken('b', ['e1']),
      batchDeduplicationToken('a', ['e2']),
    ]);
    expect(checkpoints).toEqual([1n, 2n]);
  });

  it('retries the whole batch when the checkpoint could not be stored after the insert', async () => {
    const store = new FakeStore();
    let failCheckpoint = true;
    const writer = new ClickHouseBatchWriter<bigint>({
      store: store as unknown as AnalyticsStore,
      onFlushed: () => {
        if (failCheckpoint) throw new Error('checkpoint store down');
      },
    });
    await writer.add(event(1), [row('a', 1)]);
    await expect(writer.flush()).rejects.toThrow('checkpoint store down');
    failCheckpoint = false;
    await writer.flush();
    expect(store.inserts).toHaveLength(2);
    expect(store.inserts[0].token).toBe(store.inserts[1].token);
  });

  it('lets concurrent callers await the next flush, and retries a timer flush that failed', async () => {
    jest.useFakeTimers();
    const errors: unknown[] = [];
    const store = new FakeStore();
    const writer = new ClickHouseBatchWriter<bigint>({ store: store as unknown as AnalyticsStore, maxDelayMs: 100, onError: (e) => errors.push(e) });
    await writer.add(event(1), [row('a', 1)]);
    store.failNext = 1;
    const first = writer.whenDurable();
    const firstSettled = first.catch((error: Error) => error.message);
    await jest.advanceTimersByTimeAsync(100);
    expect(await firstSettled).toBe('insert failed');
    expect(errors).toHaveLength(1);

    await writer.add(event(2), [row('a', 2)]);
    const waiting = [writer.whenDurable(), writer.whenDurable()];
    await jest.advanceTimersByTimeAsync(199); // backoff: maxDelayMs * 2^failures
    expect(store.inserts).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    await expect(Promise.all(waiting)).resolves.toEqual([undefined, undefined]);
    expect(store.inserts).toHaveLength(2);
    expect(writer.durableCheckpoint).toBe(2n);
    await expect(writer.whenDurable()).resolves.toBeUndefined();
  });

  it('flushes on close and refuses rows afterwards', async () => {
    const { writer, checkpoints } = setup();
    await writer.add(event(1), [row('a', 1)]);
    await writer.close();
    expect(checkpoints).toEqual([1n]);
    await expect(writer.add(event(2), [row('a', 2)])).rejects.toMatchObject({ code: 'ANALYTICS_STORE.CLOSED' });
  });
});
