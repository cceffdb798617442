import type { IdentityConfig } from '@csp/customer-profile-domain';
import type { EventStore } from '@csp/event-store';
import { DeadlineStore } from '@csp/scheduler';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { BirthdayGreetings, NeedsPerEventRebuild, profileProjection } from './profile-app';
import { projectLog } from './project-log';
import { type KeptRows, liveRowCounts, openRebuildSchema, REBUILD_SCHEMA, switchIntoLive } from './profile-schemas';
import { rebuildFromLog } from './set-rebuild';

export interface ProfileReplayOptions {
  events: EventStore;
  /** The PostgreSQL holding the service's schema. */
  databaseUrl: string;
  /** Events per readAll page, and so per projection transaction. */
  pageSize?: number;
  /** The service's identity configuration: the graph decides with it, so it must be the running service's. */
  identity?: IdentityConfig;
  /** The service's care options: the risk-alert address, and the assessment clock (tests fix it). */
  care?: { clock?: () => Date; leadEmail?: string };
  /** Called after every page is committed: events done so far. */
  onProgress?(done: number): void;
  /** Called (and awaited) once the live projection is locked, before the final pass and the switch. */
  onSwitching?(): void | Promise<void>;
  /** Rebuild with the per-event projection even when the set-based rebuild could (a comparison, a suspicion). */
  perEvent?: boolean;
}

export interface ProfileReplaySummary {
  /** How the log up to the final pass was rebuilt: set-based, or per event (and why). */
  mode: 'set-based' | `per-event${string}`;
  events: number;
  /** Of those, read in the final pass, with the live projection waiting. */
  caughtUp: number;
  kept: KeptRows;
  /** Rows per table of the new live schema. */
  rows: Record<string, number>;
  seconds: number;
}

/**
 * Rebuilds the customer-profile read model from the event store: the service's migrations into a fresh schema,
 * then the whole log of the projection's categories, set-based (read once, resolved once, COPYed: set-rebuild.ts),
 * or through the service's own projection page by page when the log holds what only that decides (an erasure, a
 * segments document). The live service answers from its own schema all along; the switch (see switchIntoLive)
 * then locks it, applies the events appended since with the service's projection and swaps the schemas in one
 * transaction.
 */
export async function replayCustomerProfile(options: ProfileReplayOptions): Promise<ProfileReplaySummary> {
  const started = performance.now();
  const { events } = options;
  const client = new Client({ connectionString: options.databaseUrl });
  await client.connect();
  let dataSource: DataSource | undefined;
  try {
    dataSource = await openRebuildSchema(client, options.databaseUrl);
    const rebuild = dataSource;
    // Birthday greetings are planned by the projection, into the rebuild schema's deadlines (the service's own
    // planner names the live table).
    const birthdays = new BirthdayGreetings(DeadlineStore.onExecutor(rebuild, REBUILD_SCHEMA), rebuild);
    const projection = profileProjection({ identity: options.identity, care: { ...options.care, birthdays } });
    let done = 0;
    const pass = (after: bigint) =>
      projectLog(rebuild, projection, events, {
        after, pageSize: options.pageSize ?? 1000,
        onPage: (page) => {
          done += page.events;
          options.onProgress?.(done);
        },
      });
    const first = await firstPass(client, options, pass);
    const { lastPosition } = first;
    done = first.events;
    const rebuilt = done;
    const kept = await switchIntoLive(client, async () => {
      await options.onSwitching?.();
      await pass(lastPosition);
    });
    return { mode: first.mode, events: done, caughtUp: done - rebuilt, kept, rows: await liveRowCounts(client), seconds: (performance.now() - started) / 1000 };
  } finally {
    await dataSource?.destroy();
    await client.end();
  }
}

/**
 * The log up to now into the fresh schema: set-based, or per event when asked to or when the set-based rebuild
 * refuses the log (it rolled back: the tables are still empty).
 */
async function firstPass(
  client: Client, options: ProfileReplayOptions, perEvent: (after: bigint) => Promise<{ events: number; lastPosition: bigint }>,
): Promise<{ mode: ProfileReplaySummary['mode']; events: number; lastPosition: bigint }> {
  let mode: ProfileReplaySummary['mode'] = 'per-event (asked for)';
  if (!options.perEvent) {
    try {
      const result = await rebuildFromLog(client, options.events, {
        schema: REBUILD_SCHEMA, pageSize: options.pageSize ?? 1000, identity: options.identity, clock: options.care?.clock, birthdays: true,
        onPage: (events) => options.onProgress?.(events),
      });
      return { mode: 'set-based', events: result.events, lastPosition: [...result.positions.values()][0] ?? 0n };
    } catch (error) {
      if (!(error instanceof NeedsPerEventRebuild)) throw error;
      mode = `per-event (${error.reason})`;
    }
  }
  return { mode, ...(await perEvent(0n)) };
}
