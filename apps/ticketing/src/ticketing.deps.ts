import type { PlatformRuntime } from '@csp/platform-nest';
import type { DataSource } from 'typeorm';

/** What the ticketing service runs on, opened in main before the HTTP server starts. */
export interface TicketingDeps {
  runtime: PlatformRuntime;
  dataSource: DataSource;
  /** `embedded`: the starter configuration applies to every kind not configured yet (see starter-config.ts). */
  starterConfig?: 'embedded' | 'none';
}

export const TICKETING_DEPS = Symbol('TICKETING_DEPS');
