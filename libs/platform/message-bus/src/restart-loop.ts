import { ConsumerStopped } from './batch-processor';

/**
 * Runs a long-lived loop (a relay, a log-bus consumer) until it returns or `signal` aborts. After a failure
 * (database or broker away) it waits, capped exponentially and abortable, then runs it again from its last
 * checkpoint. `body` calls `progressed()` after durable progress, which resets the backoff.
 */
export async function runWithRestarts(
  body: (progressed: () => void) => Promise<void>,
  signal: AbortSignal,
  onError: (error: unknown, failures: number) => void,
): Promise<void> {
  let failures = 0;
  while (!signal.aborted) {
    try {
      await body(() => (failures = 0));
      return;
    } catch (error) {
      if (error instanceof ConsumerStopped || signal.aborted) return;
      failures++;
      onError(error, failures);
      await abortableSleep(Math.min(30_000, 100 * 2 ** failures), signal);
    }
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
