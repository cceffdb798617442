/** What `DeadlineStore.schedule` takes. */
export interface DeadlineInput<TPayload = unknown> {
  /** Caller-chosen and deterministic (`sla:<ticketId>:first_response:warn`): scheduling it again replaces it. */
  id: string;
  /** Selects the handler. */
  kind: string;
  /** Compared with the database clock, never the application's. Stored at millisecond precision. */
  dueAt: Date;
  /** JSON; defaults to `{}`. */
  payload?: TPayload;
}

/** A stored deadline, as `DeadlineStore.get` and `failed` show it. */
export interface StoredDeadline {
  id: string;
  kind: string;
  dueAt: Date;
  /** When it may fire next: `dueAt`, or later after a failed attempt. */
  fireAt: Date;
  payload: unknown;
  /** Failed attempts so far. */
  attempts: number;
  lastError?: string;
  /** Set once it gave up after the scheduler's `maxAttempts`. */
  failedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** What a handler receives when its deadline fires. */
export interface FiredDeadline<TPayload = unknown> {
  id: string;
  kind: string;
  dueAt: Date;
  payload: TPayload;
  /** Database clock when the handler started (`firedAt - dueAt` is the firing lag). */
  firedAt: Date;
  /** 1 on the first attempt; higher after failures (not after a crash, whose attempt left no trace). */
  attempt: number;
  /**
   * `<id>@<dueAt ISO>`: the same for every re-fire of this occurrence, different after a reschedule to another
   * time. Derive effect ids from it (`derivedId('deadline-event-0', occurrence)`), so a re-fire is a no-op.
   */
  occurrence: string;
  /** Aborted when the handler timed out or the scheduler gave up waiting for it. */
  signal: AbortSignal;
}

/**
 * Handles one kind of deadline. Firing is at-least-once: the handler must be idempotent (effects keyed by
 * `occurrence`), and should check the current domain state, since a cancel racing a firing does not stop it.
 * Throwing (or timing out) counts as a failed attempt: retried with backoff, given up after `maxAttempts`.
 */
export type DeadlineHandler = (deadline: FiredDeadline) => Promise<void>;
