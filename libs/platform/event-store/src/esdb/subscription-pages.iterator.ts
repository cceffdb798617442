/** A readable stream in object mode: iterable, and telling how many items are already buffered. */
export interface BufferedSource<T> extends AsyncIterable<T> {
  readonly readableLength: number;
}

export interface PagesOptions<T, R> {
  /** Largest page. */
  batchSize: number;
  /** Maps an item, or drops it with `undefined`. */
  map(item: T): R | undefined;
  /** Once aborted, the end of the source (the adapter destroys it) is a normal end, not an error. */
  signal?: AbortSignal;
}

/**
 * Groups a live stream into pages: a page closes at `batchSize` items or when nothing more is buffered, so
 * catch-up arrives in full pages and live events arrive at once. Pulled with `for await`, so the consumer's
 * work on one page never overlaps the next and the stream's own backpressure holds the rest.
 */
export async function* pagesOf<T, R>(source: BufferedSource<T>, options: PagesOptions<T, R>): AsyncGenerator<R[]> {
  const { batchSize, map, signal } = options;
  if (!(batchSize >= 1)) throw new RangeError(`batchSize must be at least 1, got ${batchSize}`);
  let page: R[] = [];
  try {
    for await (const item of source) {
      const mapped = map(item);
      if (mapped !== undefined) page.push(mapped);
      if (page.length >= batchSize || (page.length > 0 && source.readableLength === 0)) {
        const full = page;
        page = [];
        yield full;
      }
    }
    if (page.length > 0) yield page;
  } catch (error) {
    // Destroying a stream ends its iterator with a premature-close error; after an abort that is the stop.
    if (!signal?.aborted) throw error;
  }
}
