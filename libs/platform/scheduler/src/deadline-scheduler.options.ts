import type { DeadlineHandler } from './deadline.types';
import { exponentialBackoff, type RetryDelay } from './retry-policy';

export interface DeadlineSchedulerOptions {
  connectionString: string;
  /** The service's schema holding `deadlines` (e.g. `ticketing`). */
  schema: string;
  /** One handler per kind; only these kinds are claimed (another version's new kinds are left alone). */
  handlers: Readonly<Record<string, DeadlineHandler>>;
  /** Worker name in health and `application_name` (default `deadline-scheduler`). */
  name?: string;
  /** Longest sleep between two looks at the table (default 1000 ms): the firing lag when nothing woke it sooner. */
  pollIntervalMs?: number;
  /** Deadlines claimed per statement (default 100). */
  batchSize?: number;
  /** Handlers running at once (default 10). A slow handler takes one slot; the others keep firing. */
  concurrency?: number;
  /** Attempts before a deadline gives up and is kept as failed (default 10). */
  maxAttempts?: number;
  /** Delay after the n-th failed attempt (default 1 s doubling to 5 min). */
  retryDelayMs?: RetryDelay;
  /** A handler running longer counts as failed (default 30 s). */
  handlerTimeoutMs?: number;
  /** LISTEN for deadlines scheduled due soon (default true; same connection, no extra cost). */
  listen?: boolean;
  /** Create the table at start (default true); false when a migration owns it. */
  ensureSchema?: boolean;
  /** Told about handler failures (with the deadline id) and database errors of the loop; for logging. */
  onError?: (error: unknown, context: { deadlineId?: string; gaveUp?: boolean }) => void;
}

export type ResolvedSchedulerOptions = Required<Omit<DeadlineSchedulerOptions, 'onError'>> & Pick<DeadlineSchedulerOptions, 'onError'>;

export function resolveSchedulerOptions(options: DeadlineSchedulerOptions): ResolvedSchedulerOptions {
  const resolved: ResolvedSchedulerOptions = {
    name: 'deadline-scheduler',
    pollIntervalMs: 1_000,
    batchSize: 100,
    concurrency: 10,
    maxAttempts: 10,
    retryDelayMs: exponentialBackoff(),
    handlerTimeoutMs: 30_000,
    listen: true,
    ensureSchema: true,
    ...stripUndefined(options),
  };
  if (Object.keys(resolved.handlers).length === 0) throw new Error('DeadlineScheduler needs at least one handler');
  for (const key of ['pollIntervalMs', 'batchSize', 'concurrency', 'maxAttempts', 'handlerTimeoutMs'] as const) {
    if (!(resolved[key] >= 1)) throw new Error(`DeadlineScheduler: ${key} must be at least 1`);
  }
  return resolved;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
