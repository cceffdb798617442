import type { ClaimedDeadline, Settlement } from './claim-session';
import type { DeadlineHandler } from './deadline.types';
import type { RetryDelay } from './retry-policy';

export interface FiringPolicy {
  timeoutMs: number;
  maxAttempts: number;
  retryDelayMs: RetryDelay;
}

const MAX_ERROR_LENGTH = 4_000;

/**
 * Runs the handler of one claimed deadline and says how to settle it: delete it, or record the failure (a throw
 * or a timeout) with the delay before the next attempt, giving up after `maxAttempts`. Never throws.
 */
export async function fireDeadline(claimed: ClaimedDeadline, handler: DeadlineHandler | undefined, policy: FiringPolicy): Promise<Settlement> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  try {
    if (!handler) throw new Error(`no handler for deadline kind ${claimed.kind}`);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`handler timed out after ${policy.timeoutMs} ms`)), policy.timeoutMs);
    });
    const occurrence = `${claimed.id}@${claimed.dueAt.toISOString()}`;
    const firedAt = new Date(claimed.claimedAt.getTime() + (performance.now() - claimed.claimedLocal));
    const { id, kind, dueAt, payload } = claimed;
    const run = Promise.resolve().then(() => handler({ id, kind, dueAt, payload, firedAt, attempt: claimed.attempts + 1, occurrence, signal: controller.signal }));
    await Promise.race([run, timeout]);
    return { id: claimed.id, dueAt: claimed.dueAt, ok: true };
  } catch (error) {
    // A handler that timed out may still be running: it is told to stop, and whatever it still does must be as
    // harmless as a re-fire (the idempotency contract).
    controller.abort(error);
    const attempts = claimed.attempts + 1;
    return {
      id: claimed.id,
      dueAt: claimed.dueAt,
      ok: false,
      attempts,
      error: describe(error),
      delayMs: policy.retryDelayMs(attempts),
      giveUp: attempts >= policy.maxAttempts,
    };
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}...` : text;
}
