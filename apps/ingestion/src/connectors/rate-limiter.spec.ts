import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a burst of one second of requests, then asks to wait, and refills with time', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    const answers = Array.from({ length: 6 }, () => limiter.take('shop', 5));
    expect(answers).toEqual([0, 0, 0, 0, 0, 1]);
    now += 200; // one token back
    expect(limiter.take('shop', 5)).toBe(0);
    expect(limiter.take('shop', 5)).toBe(1);
    expect(limiter.take('other', 5)).toBe(0); // buckets are per connector
  });

  it('asks slow connectors to wait as long as one token takes', () => {
    const limiter = new RateLimiter(() => 0);
    expect(limiter.take('slow', 0.1)).toBe(0);
    expect(limiter.take('slow', 0.1)).toBe(10);
  });
});
