import type { EventStore, StreamAppend } from '@csp/event-store';
import { ProjectionRunner } from '@csp/projections';
import type { MessageBus } from '@csp/message-bus';
import type { DataSource } from 'typeorm';
import { categoriesOf, logPages, toBusMessage } from '../replay/event-log-pages';
import type { Progress } from './bench-progress';
import { since } from './bench-report';
import { profileProjection } from './profile-app';

/** Setup, not timed: the events into the store, `batchSize` streams per appendMany (one round trip each). */
export async function seedStore(store: EventStore, appends: readonly StreamAppend[], batchSize: number, progress: Progress): Promise<void> {
  for (let i = 0; i < appends.length; i += batchSize) {
    const batch = appends.slice(i, i + batchSize);
    await store.appendMany(batch);
    progress.increment(batch.length);
  }
  progress.stop();
}

export interface RebuildResult {
  events: number;
  pages: number;
  seconds: number;
  /** Wall time of each page: read from the log + one applyBatch transaction. */
  pageMs: number[];
  /** Of which reading the page from the store (the rest is the projection's transaction). */
  readMs: number;
  lastPosition: bigint;
}

/**
 * The rebuild a replay performs: the global log of the projection's categories, page by page, each page one
 * `ProjectionRunner.applyBatch` transaction (the runner stores its checkpoint with the page). The projection
 * appends its announcements (automatic merges, tiers) to `store` (or `announceTo`, a timed wrapper of it), as
 * in the service.
 */
export async function rebuild(
  dataSource: DataSource, store: EventStore, o: { pageSize: number; progress: Progress; announceTo?: EventStore },
): Promise<RebuildResult> {
  const { pageSize, progress } = o;
  const projection = profileProjection(o.announceTo ?? store);
  // No bus: the rebuild feeds the runner directly, as the replay does.
  const runner = new ProjectionRunner(dataSource, undefined as unknown as MessageBus, projection);
  const pageMs: number[] = [];
  let events = 0;
  let readMs = 0;
  let lastPosition = 0n;
  const started = performance.now();
  const pages = logPages(store, categoriesOf(projection.topics), { pageSize });
  for (;;) {
    const pageStarted = performance.now();
    const next = await pages.next();
    readMs += since(pageStarted);
    if (next.done) break;
    const page = next.value;
    await runner.applyBatch(page.map(toBusMessage));
    pageMs.push(since(pageStarted));
    events += page.length;
    lastPosition = page[page.length - 1].position;
    progress.increment(page.length);
  }
  progress.stop();
  return { events, pages: pageMs.length, seconds: since(started) / 1000, pageMs, readMs, lastPosition };
}
