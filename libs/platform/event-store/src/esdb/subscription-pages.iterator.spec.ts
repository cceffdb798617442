import { Readable } from 'node:stream';
import { pagesOf } from './subscription-pages.iterator';

const live = () => new Readable({ objectMode: true, read: () => undefined });
const identity = (n: number) => n;

describe('pagesOf', () => {
  it('groups what is already buffered into pages of at most batchSize', async () => {
    const source = live();
    [1, 2, 3, 4, 5, null].forEach((n) => source.push(n));
    const pages: number[][] = [];
    for await (const page of pagesOf(source, { batchSize: 2, map: identity })) pages.push(page);
    expect(pages).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('delivers live items as soon as nothing more is buffered', async () => {
    const source = live();
    const iterator = pagesOf(source, { batchSize: 100, map: identity });
    source.push(1);
    expect((await iterator.next()).value).toEqual([1]);
    source.push(2);
    source.push(3);
    expect((await iterator.next()).value).toEqual([2, 3]);
    source.push(null);
    expect((await iterator.next()).done).toBe(true);
  });

  it('drops unmapped items without holding back the page before them', async () => {
    const source = live();
    const iterator = pagesOf(source, { batchSize: 10, map: (n: number) => (n % 2 ? n : undefined) });
    [1, 2, 3, 4].forEach((n) => source.push(n));
    expect((await iterator.next()).value).toEqual([1, 3]);
    source.push(6);
    source.push(7);
    expect((await iterator.next()).value).toEqual([7]);
  });

  it('ends quietly when the source is destroyed after an abort', async () => {
    const source = live();
    const controller = new AbortController();
    const iterator = pagesOf(source, { batchSize: 10, map: identity, signal: controller.signal });
    const pending = iterator.next();
    controller.abort();
    source.destroy();
    expect(await pending).toEqual({ done: true, value: undefined });
  });

  it('throws when the source fails without an abort', async () => {
    const source = live();
    const iterator = pagesOf(source, { batchSize: 10, map: identity });
    const pending = iterator.next();
    source.destroy(new Error('connection lost'));
    await expect(pending).rejects.toThrow('connection lost');
  });

  it('destroys the source when the consumer stops early', async () => {
    const source = live();
    source.push(1);
    for await (const page of pagesOf(source, { batchSize: 10, map: identity })) {
      expect(page).toEqual([1]);
      break;
    }
    expect(source.destroyed).toBe(true);
  });

  it('refuses a batch size below 1', async () => {
    await expect(pagesOf(live(), { batchSize: 0, map: identity }).next()).rejects.toThrow(RangeError);
  });
});
