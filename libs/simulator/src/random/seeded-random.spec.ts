import { hashText, seededRandom } from './seeded-random';

const draw = (seed: number | string, n = 20) => {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, () => rng.next());
};

describe('seededRandom', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw('42')).toEqual(draw(42));
  });

  it('forks by key, not by state: a fork is the same whatever was drawn before', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    b.next();
    b.next();
    expect(a.fork('customer', 3).next()).toBe(b.fork('customer', 3).next());
    expect(a.fork('customer', 3).next()).not.toBe(a.fork('customer', 4).next());
  });

  it('keeps int, between and digits within bounds', () => {
    const rng = seededRandom(1);
    for (let i = 0; i < 2_000; i++) {
      const n = rng.int(-2, 3);
      expect(Number.isInteger(n) && n >= -2 && n <= 3).toBe(true);
      const x = rng.between(5, 6);
      expect(x >= 5 && x < 6).toBe(true);
    }
    expect(rng.digits(12)).toMatch(/^\d{12}$/);
  });

  it('draws weighted choices and Poisson counts with the asked-for frequencies', () => {
    const rng = seededRandom(3);
    const n = 20_000;
    let heavy = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (rng.weighted([['a', 1], ['b', 3]] as const) === 'b') heavy++;
      total += rng.poisson(2.5);
    }
    expect(heavy / n).toBeCloseTo(0.75, 1);
    expect(total / n).toBeCloseTo(2.5, 1);
    expect(rng.poisson(0)).toBe(0);
    expect(rng.poisson(100)).toBeGreaterThan(50);
  });

  it('refuses to pick from nothing', () => {
    expect(() => seededRandom(1).pick([])).toThrow('empty');
  });

  it('hashes similar keys to unrelated seeds', () => {
    expect(hashText('a/1')).not.toBe(hashText('a/2'));
    expect(hashText('x')).toBe(hashText('x'));
  });
});
