import type { EventStore } from '@csp/event-store';

/** What every target gets: the event store to read and where to report progress. */
export interface ReplayContext {
  events: EventStore;
  /** The PostgreSQL of the services' read models: DATABASE_URL, or the embedded one the replay started. */
  databaseUrl?: string;
  /** Events the targets' categories hold, when the store can count them cheaply (PostgreSQL); else undefined. */
  countEvents(categories: readonly string[]): Promise<number | undefined>;
  progress: ReplayProgress;
  /** Environment the target reads its own connection settings from. */
  env: NodeJS.ProcessEnv;
  /** The platform's embedded data directory (`.data`), for targets with an embedded default. */
  dataDir: string;
  pageSize: number;
}

export interface ReplayProgress {
  start(total: number | undefined): void;
  update(done: number): void;
  stop(): void;
}

/**
 * A read model that can be rebuilt from the event store. Adding one (e.g. `customer-profile`) is a new file
 * exporting a ReplayTarget and one line in replay-targets.ts; the CLI, progress bar and summary come free.
 */
export interface ReplayTarget {
  name: string;
  description: string;
  /** Environment variables the target reads (printed by --help). */
  env: Readonly<Record<string, string>>;
  /** Rebuilds the read model; returns summary lines (already formatted) for the end of the run. */
  run(context: ReplayContext): Promise<string[]>;
  /** A plain-language explanation for a failure the operator can fix, or undefined to report it as is. */
  explain?(error: unknown): string | undefined;
}
