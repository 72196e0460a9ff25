// A seeded pseudo-random source, so demo and benchmark data are the same on every run (a bug seen
// in the demo can be seen again). Mulberry32: tiny, fast, and plenty for made-up data; nothing here
// is security-sensitive.

/** A deterministic random source with the helpers seed data needs. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** A cuid-shaped id (25 lowercase characters), as Prisma's default ids look. */
  id(): string;
}

/** A random source that yields the same sequence for the same seed. */
export function seededRandom(seed: number): Random {
  let state = seed | 0;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const chunk = () => Math.floor(next() * 36 ** 6).toString(36).padStart(6, '0');
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    id: () => `c${chunk()}${chunk()}${chunk()}${chunk()}`,
  };
}
