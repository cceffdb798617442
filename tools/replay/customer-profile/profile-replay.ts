import type { IdentityConfig } from '@csp/customer-profile-domain';
import type { EventStore } from '@csp/event-store';
import { DeadlineStore } from '@csp/scheduler';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { BirthdayGreetings, profileProjection } from './profile-app';
import { projectLog } from './project-log';
import { type KeptRows, liveRowCounts, openRebuildSchema, REBUILD_SCHEMA, switchIntoLive } from './profile-schemas';

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
}

export interface ProfileReplaySummary {
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
 * then the whole log of the projection's categories through the service's own projection, page by page, until
 * a page comes back empty. The live service answers from its own schema all along; the switch (see
 * switchIntoLive) then locks it, applies the last few events and swaps the schemas in one transaction.
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
    const { lastPosition } = await pass(0n);
    const rebuilt = done;
    const kept = await switchIntoLive(client, async () => {
      await options.onSwitching?.();
      await pass(lastPosition);
    });
    return { events: done, caughtUp: done - rebuilt, kept, rows: await liveRowCounts(client), seconds: (performance.now() - started) / 1000 };
  } finally {
    await dataSource?.destroy();
    await client.end();
  }
}
