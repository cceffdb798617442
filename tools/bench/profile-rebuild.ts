import type { EventStore, StreamAppend } from '@csp/event-store';
import type { DataSource } from 'typeorm';
import { projectLog } from '../replay/customer-profile/project-log';
import type { Progress } from './bench-progress';
import { since } from './bench-report';
import { profileProjection } from '../replay/customer-profile/profile-app';

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
  /** Wall time of each page: read from the log + one applyBatch transaction + relaying what it enqueued. */
  pageMs: number[];
  /** Of which reading the page from the store (the rest is the projection's transaction). */
  readMs: number;
  lastPosition: bigint;
}

/**
 * The replay's rebuild (projectLog), timed: the announcements the projection decides (automatic merges, tiers)
 * are relayed from its outbox to `store` (or `announceTo`, a timed wrapper of it), as in the service.
 */
export async function rebuild(
  dataSource: DataSource, store: EventStore, o: { pageSize: number; progress: Progress; announceTo?: EventStore },
): Promise<RebuildResult> {
  const pageMs: number[] = [];
  const started = performance.now();
  const result = await projectLog(dataSource, profileProjection(), store, {
    pageSize: o.pageSize, announceTo: o.announceTo,
    onPage: (page) => {
      pageMs.push(page.ms);
      o.progress.increment(page.events);
    },
  });
  o.progress.stop();
  return { events: result.events, pages: result.pages, seconds: since(started) / 1000, pageMs, readMs: result.readMs, lastPosition: result.lastPosition };
}
