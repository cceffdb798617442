import type { EventStore } from '@csp/event-store';
import type { MessageBus } from '@csp/message-bus';
import { EventOutboxRelay, type Projection, ProjectionRunner } from '@csp/projections';
import type { DataSource } from 'typeorm';
import { categoriesOf, logPages, toBusMessage } from '../event-log-pages';

export interface ProjectedPage {
  events: number;
  lastPosition: bigint;
  /** Wall time of reading the page from the store. */
  readMs: number;
  /** Wall time of the page: the read, its applyBatch transaction and relaying what it enqueued. */
  ms: number;
}

export interface ProjectedLog {
  events: number;
  pages: number;
  /** Reading from the store, the final empty read included. */
  readMs: number;
  /** The last position applied (`after` when nothing was). */
  lastPosition: bigint;
}

/**
 * The rebuild `npm run replay -- customer-profile` and bench:profile run: the global log of the projection's
 * categories after `after`, page by page until an empty page, each page one `ProjectionRunner.applyBatch`
 * transaction (the runner stores its checkpoint with the page, and skips what it already has). The events the
 * projection decided (merges, tiers, health: its outbox in `dataSource`'s schema) are relayed to `announceTo`
 * (default `store`) after each page, as the service's relay does after each batch, so a later page reads them
 * back like the service does. `onPage` is awaited after that.
 *
 * The tables grow from empty, so their planner statistics are refreshed as they grow (ANALYZE after pages 1, 2,
 * 4, 8, ...): on a server without autovacuum (or before it comes round) the identity graph's joins would otherwise
 * be planned for empty tables and scan whole tables at every resolution.
 */
export async function projectLog(
  dataSource: DataSource,
  projection: Projection,
  store: EventStore,
  o: { after?: bigint; pageSize: number; announceTo?: EventStore; onPage?(page: ProjectedPage): void | Promise<void> },
): Promise<ProjectedLog> {
  // No bus: the log is fed to the runner directly, page by page.
  let enqueued = false;
  const runner = new ProjectionRunner(dataSource, undefined as unknown as MessageBus, projection, { afterCommit: (batch) => (enqueued = batch.enqueued) });
  const outbox = new EventOutboxRelay(dataSource, o.announceTo ?? store, { name: `${projection.name}-rebuild-outbox` });
  const result: ProjectedLog = { events: 0, pages: 0, readMs: 0, lastPosition: o.after ?? 0n };
  const pages = logPages(store, categoriesOf(projection.topics), { after: o.after, pageSize: o.pageSize });
  for (;;) {
    const started = performance.now();
    const next = await pages.next();
    const readMs = performance.now() - started;
    result.readMs += readMs;
    if (next.done) return result;
    const page = next.value;
    await runner.applyBatch(page.map(toBusMessage));
    if (enqueued) await outbox.drain();
    result.events += page.length;
    result.pages += 1;
    result.lastPosition = page[page.length - 1].position;
    if ((result.pages & (result.pages - 1)) === 0) await analyzeSchema(dataSource);
    await o.onPage?.({ events: page.length, lastPosition: result.lastPosition, readMs, ms: performance.now() - started });
  }
}

/** ANALYZE of the tables in the data source's schema only (the event store's table is large and not ours). */
async function analyzeSchema(dataSource: DataSource): Promise<void> {
  await dataSource.query(`DO $$ BEGIN
    EXECUTE (SELECT 'ANALYZE ' || string_agg(format('%I.%I', schemaname, tablename), ', ') FROM pg_tables WHERE schemaname = current_schema());
  END $$`);
}
