import type { AnalyticsStore } from '@csp/clickhouse';
import type { EventStore } from '@csp/event-store';
import type { MessageBus } from '@csp/message-bus';
import { categoriesOf, logPages, toBusMessage } from '../event-log-pages';
import { ANALYTICS_TOPICS, AnalyticsFactsWorker, migrateAnalytics } from './analytics-app';
import { type RebuildDatabases, swapIntoLive } from './rebuild-database';

export interface AnalyticsReplayOptions {
  events: EventStore;
  clickhouse: RebuildDatabases;
  /** Events per readAll page, and so per projection batch (one insert per table per page). */
  pageSize?: number;
  /** Called after every page is written: events done so far. */
  onProgress?(done: number): void;
}

export interface AnalyticsReplaySummary {
  events: number;
  /** Of those, read again after the swap (written to the live tables while the rebuild ran). */
  caughtUp: number;
  tables: string[];
  rows: Record<string, number>;
  seconds: number;
}

/**
 * Rebuilds the analytics tables from the event store: the schema is migrated into a fresh scratch database,
 * the whole global log (the categories of the topics analytics consumes) is projected into it page by page by
 * the service's own worker (same rows, batching and deduplication tokens as live delivery), and only then are
 * the tables swapped into the live database. Events appended while the rebuild ran are then read again into
 * the swapped tables: a running service may have written them into the old tables only, and writing one twice
 * is harmless (facts collapse by event id, aggregates are idempotent). The old tables are dropped last.
 */
export async function replayAnalytics(options: AnalyticsReplayOptions): Promise<AnalyticsReplaySummary> {
  const started = performance.now();
  const { events, clickhouse: db } = options;
  const pageSize = options.pageSize ?? 1000;
  const categories = categoriesOf(ANALYTICS_TOPICS);
  // The live schema must be complete before tables are swapped into it: its views read them by name.
  await migrateAnalytics(db.live);
  await db.live.command(`DROP DATABASE IF EXISTS ${db.rebuildDb} SYNC`);
  await db.live.command(`CREATE DATABASE ${db.rebuildDb}`);
  let done = 0;
  const project = async (store: AnalyticsStore, after: bigint): Promise<bigint> => {
    // The worker's bus is never started: only its write(), the handler live deliveries go through, is used.
    const worker = new AnalyticsFactsWorker(undefined as unknown as MessageBus, store);
    let last = after;
    for await (const page of logPages(events, categories, { after, pageSize })) {
      await worker.write(page.map(toBusMessage));
      last = page[page.length - 1].position;
      done += page.length;
      options.onProgress?.(done);
    }
    return last;
  };
  const last = await db.inRebuild(async (store) => {
    await migrateAnalytics(store);
    return project(store, 0n);
  });
  const rebuilt = done;
  const tables = await swapIntoLive(db);
  await project(db.live, last);
  await db.live.command(`DROP DATABASE ${db.rebuildDb} SYNC`);
  const rows: Record<string, number> = {};
  for (const table of tables) {
    if (table === 'schema_migrations') continue;
    const [{ n }] = await db.live.query<{ n: string }>(`SELECT count() AS n FROM ${db.liveDb}.${table}`);
    rows[table] = Number(n);
  }
  return { events: done, caughtUp: done - rebuilt, tables, rows, seconds: (performance.now() - started) / 1000 };
}
