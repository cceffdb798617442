import { EsdbEventStore, type EventStore, PostgresEventStore } from '@csp/event-store';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { embeddedPostgresUrl, type RunningPostgres, startEmbeddedPostgres } from '../embedded/embedded-postgres';

export interface EventSource {
  events: EventStore;
  /** The PostgreSQL the services' read models live in (DATABASE_URL or the embedded one); none for EventStoreDB alone. */
  databaseUrl?: string;
  describe: string;
  countEvents(categories: readonly string[]): Promise<number | undefined>;
  close(): Promise<void>;
}

export interface EventSourceOptions {
  /** PostgreSQL event store (`DATABASE_URL`). */
  databaseUrl?: string;
  /** EventStoreDB (`EVENTSTORE_URL`), which takes precedence like in the services. */
  eventStoreUrl?: string;
  /** Embedded default: without a URL, the platform's own PostgreSQL under `<dataDir>/postgres` is started. */
  dataDir: string;
  postgresPort: number;
  log(line: string): void;
}

/**
 * The event store the services were configured with. With neither URL set, this is the embedded default of
 * `npm start`: its PostgreSQL when it is running (a customer-profile rebuild then switches under the running
 * service), else started here for the duration of the replay (a chDB rebuild needs `npm start` stopped anyway:
 * it holds the chDB lock).
 */
export async function openEventSource(options: EventSourceOptions): Promise<EventSource> {
  if (options.eventStoreUrl) {
    const events = EsdbEventStore.fromConnectionString(options.eventStoreUrl);
    return { events, databaseUrl: options.databaseUrl, describe: `EventStoreDB at ${options.eventStoreUrl}`, countEvents: async () => undefined, close: () => events.close() };
  }
  let embedded: RunningPostgres | undefined;
  let running = false;
  let url = options.databaseUrl;
  if (!url) {
    if (!existsSync(join(options.dataDir, 'postgres', 'PG_VERSION'))) {
      throw new Error(`no DATABASE_URL and no embedded PostgreSQL under ${options.dataDir}/postgres: nothing to replay`);
    }
    url = await runningEmbeddedPostgres(options.dataDir, options.postgresPort);
    running = url !== undefined;
    if (!url) {
      options.log(`starting the embedded PostgreSQL (data in ${options.dataDir}/postgres, port ${options.postgresPort})...`);
      embedded = await startEmbeddedPostgres(options.dataDir, options.postgresPort, options.log);
      url = embedded.url;
    }
  }
  const connectionString = url;
  const events = await PostgresEventStore.create({ connectionString });
  return {
    events,
    databaseUrl: connectionString,
    describe: embedded || running
      ? `the ${running ? 'running ' : ''}embedded PostgreSQL event store (${options.dataDir}/postgres)`
      : 'the PostgreSQL event store at DATABASE_URL',
    countEvents: (categories) => countPostgresEvents(connectionString, categories),
    close: async () => {
      await events.close();
      await embedded?.stop();
    },
  };
}

/**
 * The URL of the embedded PostgreSQL when `npm start` has it running (its lock file exists and it answers on
 * `port`), else undefined.
 */
export async function runningEmbeddedPostgres(dataDir: string, port: number, database = 'csp'): Promise<string | undefined> {
  if (!existsSync(join(dataDir, 'postgres', 'postmaster.pid'))) return undefined;
  const url = embeddedPostgresUrl(port, database);
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return url;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Counted in the events table: the port has no count, and this is only the progress bar's total. */
async function countPostgresEvents(url: string, categories: readonly string[]): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT count(*)::bigint AS n FROM eventstore.events WHERE category = ANY($1)', [categories]);
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}
