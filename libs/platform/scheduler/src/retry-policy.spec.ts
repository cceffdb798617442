import { exponentialBackoff } from './retry-policy';

describe('exponentialBackoff', () => {
  it('doubles from the base per failed attempt and stops at the cap', () => {
    const delay = exponentialBackoff(1_000, 5_000);
    expect([1, 2, 3, 4, 5].map(delay)).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
  });

  it('defaults to 1 s doubling up to 5 min', () => {
    const delay = exponentialBackoff();
    expect(delay(1)).toBe(1_000);
    expect(delay(20)).toBe(300_000);
  });
});
