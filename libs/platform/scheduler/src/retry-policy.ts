/** Delay before the next attempt, given how many attempts have failed (1 after the first failure). */
export type RetryDelay = (failedAttempts: number) => number;

/** `baseMs`, doubled per failure, capped at `maxMs` (defaults: 1 s, 2 s, 4 s, ... up to 5 min). */
export function exponentialBackoff(baseMs = 1_000, maxMs = 300_000): RetryDelay {
  return (failedAttempts) => Math.min(maxMs, baseMs * 2 ** Math.max(0, failedAttempts - 1));
}
