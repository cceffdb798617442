import type { EventStore, StreamAppend } from '@csp/event-store';
import { Client, type ClientBase } from 'pg';
import { PROFILE_SCHEMA } from '../replay/customer-profile/profile-app';
import { rebuildFromLog } from '../replay/customer-profile/set-rebuild';
import type { Progress } from './bench-progress';
import { since } from './bench-report';
import { type Hotspots, statementKey } from './profile-hotspots';
import { cpuTicks } from './proc-memory';
import { TICKS_PER_SECOND } from './proc-cpu';

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
  /** Wall time of each page: read from the log + folded in memory + its timeline rows COPYed. */
  pageMs: number[];
  /** Of which reading the pages from the store. */
  readMs: number;
  /** After the last page: identities resolved, rows computed, every other table COPYed, commit. */
  finishMs: number;
  lastPosition: bigint;
  /** CPU it took (a wall time on a shared machine says little): this process, and the database's backends. */
  cpu: CpuSpent;
}

export interface CpuSpent { nodeMs: number; postgresMs: number }

/**
 * Starts counting the CPU of this process and of every backend of the database `client` is connected to (a server
 * on this machine: /proc); the returned function stops. Backends are listed at both ends, so one that started and
 * ended in between is missed (the rebuild's and the log reader's connections live throughout).
 */
export async function cpuMeter(client: ClientBase): Promise<() => Promise<CpuSpent>> {
  const backends = async () =>
    (await client.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`)).rows.map((r) => r.pid);
  const before = new Map((await backends()).map((pid) => [pid, cpuTicks(pid)]));
  const node = process.cpuUsage();
  return async () => {
    const used = process.cpuUsage(node);
    let ticks = 0;
    for (const pid of await backends()) ticks += Math.max(0, cpuTicks(pid) - (before.get(pid) ?? 0));
    return { nodeMs: (used.user + used.system) / 1000, postgresMs: (ticks * 1000) / TICKS_PER_SECOND };
  };
}

/**
 * The replay's rebuild (the set-based one, tools/replay/customer-profile/set-rebuild.ts) into the (empty) tables of
 * the service's schema at `url`, timed: page by page, and every statement of its connection and every read of the
 * log into `hotspots`.
 */
export async function rebuild(url: string, store: EventStore, o: { pageSize: number; progress: Progress; hotspots?: Hotspots }): Promise<RebuildResult> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const pageMs: number[] = [];
  let readMs = 0;
  const timedReads: EventStore = {
    append: (stream, events, options) => store.append(stream, events, options),
    appendMany: (appends) => store.appendMany(appends),
    readStream: (stream, options) => store.readStream(stream, options),
    subscribe: (options) => store.subscribe(options),
    close: () => store.close(),
    readAll: async (options) => {
      const started = performance.now();
      try {
        return await store.readAll(options);
      } finally {
        readMs += since(started);
        o.hotspots?.add('event store: readAll (a page of the log)', since(started));
      }
    },
  };
  if (o.hotspots) timeStatements(client, o.hotspots);
  const stopMeter = await cpuMeter(client);
  const started = performance.now();
  let pageStarted = started;
  let done = 0;
  try {
    const result = await rebuildFromLog(client, timedReads, {
      schema: PROFILE_SCHEMA, pageSize: o.pageSize,
      onPage: (events) => {
        pageMs.push(since(pageStarted));
        pageStarted = performance.now();
        o.progress.increment(events - done);
        done = events;
      },
    });
    o.progress.stop();
    const seconds = since(started) / 1000;
    const finishMs = since(pageStarted);
    const lastPosition = [...result.positions.values()][0] ?? 0n;
    return { events: result.events, pages: pageMs.length, seconds, pageMs, readMs, finishMs, lastPosition, cpu: await stopMeter() };
  } finally {
    await client.end();
  }
}

/** Every statement of the client timed (COPY payloads are submittables that carry their SQL as `text`). */
function timeStatements(client: ClientBase, into: Hotspots): void {
  const original = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const [first] = args;
    const text = typeof first === 'string' ? first : String((first as { text?: string }).text ?? 'query');
    const started = performance.now();
    const result = original(...args) as Promise<unknown> | undefined;
    if (!result || typeof result.then !== 'function') {
      // A submittable (COPY) settles through its own callbacks: time it by its handleReadyForQuery.
      const submittable = first as { handleReadyForQuery?: (...a: unknown[]) => void };
      const done = submittable.handleReadyForQuery;
      submittable.handleReadyForQuery = (...a: unknown[]) => {
        into.add(statementKey(text), since(started));
        done?.(...a);
      };
      return result;
    }
    return result.finally(() => into.add(statementKey(text), since(started)));
  };
}
