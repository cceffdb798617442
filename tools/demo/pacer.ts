import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Keeps a steady `rate` of events per second from the start of the run: before each request, waits until
 * the events already sent are due. A slow request is made up for by not waiting afterwards (no bursts
 * beyond the rate's schedule). Rate 0 never waits.
 */
export class Pacer {
  private readonly startedAt: number;
  private sent = 0;

  constructor(
    private readonly rate: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startedAt = now();
  }

  /** Milliseconds to wait until the next request is due (0 when it is). */
  delayMs(): number {
    if (this.rate <= 0) return 0;
    return Math.max(0, this.startedAt + (this.sent / this.rate) * 1_000 - this.now());
  }

  async waitTurn(signal?: AbortSignal): Promise<void> {
    const delay = this.delayMs();
    if (delay > 0) await sleep(delay, undefined, { signal });
  }

  record(count: number): void {
    this.sent += count;
  }
}

/**
 * Events per request: at most `batchSize`, but small enough at low rates for about five requests a second,
 * so traffic flows evenly instead of in bursts.
 */
export function requestSize(batchSize: number, rate: number): number {
  if (rate <= 0) return batchSize;
  return Math.max(1, Math.min(batchSize, Math.floor(rate / 5)));
}
