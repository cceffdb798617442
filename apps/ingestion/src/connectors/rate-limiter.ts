/**
 * Token buckets per connector: `ratePerSecond` requests per second on average, bursts up to one second's
 * worth (at least one request). `take` answers 0 when the request may go ahead, else the whole seconds to wait (`Retry-After`).
 * Per process: with N ingestion instances behind a balancer a connector gets up to N times the rate.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  take(key: string, ratePerSecond: number): number {
    const now = this.now();
    const capacity = Math.max(1, ratePerSecond);
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * ratePerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSecond));
  }
}
