/**
 * A deterministic pseudo-random source (mulberry32): the same seed always gives the same sequence, on every
 * platform, so a simulated population and its traffic can be regenerated exactly from `--seed`.
 */
export interface Random {
  /** The text this source was derived from; forks extend it. */
  readonly key: string;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** A float in [min, max). */
  between(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** One value, chosen with probability proportional to its weight. */
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T;
  /** A count of independent occurrences with the given mean (how many sessions, issues, ... in a window). */
  poisson(mean: number): number;
  /** A waiting time with the given mean (time between two things happening). */
  exponential(mean: number): number;
  /** `count` decimal digits, leading zeros allowed. */
  digits(count: number): string;
  /**
   * An independent source derived from this one's key and `labels`, not from its state: a customer's journey
   * stays the same whatever was drawn before it, so populations of different sizes share their first members.
   */
  fork(...labels: Array<string | number>): Random;
}

export function seededRandom(seed: number | string): Random {
  const key = String(seed);
  let state = hashText(key);
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    key,
    next,
    int,
    between: (min, max) => min + next() * (max - min),
    chance: (probability) => next() < probability,
    pick: (items) => {
      if (items.length === 0) throw new Error('cannot pick from an empty list');
      return items[Math.floor(next() * items.length)];
    },
    weighted: (choices) => {
      const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
      let roll = next() * total;
      for (const [value, weight] of choices) {
        roll -= weight;
        if (roll < 0) return value;
      }
      return choices[choices.length - 1][0];
    },
    poisson: (mean) => poisson(next, mean),
    exponential: (mean) => -Math.log(1 - next()) * mean,
    digits: (count) => Array.from({ length: count }, () => String(int(0, 9))).join(''),
    fork: (...labels) => seededRandom([key, ...labels].join('/')),
  };
}

/** FNV-1a over the text, finished with murmur3's avalanche so similar keys give unrelated seeds. */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function poisson(next: () => number, mean: number): number {
  if (mean <= 0) return 0;
  // Knuth's product method is exact but linear in the mean; beyond 30 the normal approximation is close enough.
  if (mean > 30) {
    const gaussian = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    return Math.max(0, Math.round(mean + gaussian * Math.sqrt(mean)));
  }
  const limit = Math.exp(-mean);
  let count = 0;
  for (let product = next(); product > limit; product *= next()) count++;
  return count;
}
