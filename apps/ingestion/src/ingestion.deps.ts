import type { EventCatalogue } from '@csp/contracts';
import type { PlatformRuntime } from '@csp/platform-nest';
import type { DataSource } from 'typeorm';

export interface IngestionDeps {
  runtime: PlatformRuntime;
  dataSource: DataSource;
  catalogue: EventCatalogue;
  /** Requests per second per connector unless the connector sets its own (default 1000). */
  rateLimitPerSecond?: number;
}

export const INGESTION_DEPS = Symbol('INGESTION_DEPS');
