/** A seeded PRNG (mulberry32): the simulator must produce the same estate for the same seed. */
export interface Rng {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  hex(length: number): string;
  /** Exponentially distributed wait with the given mean: arrivals of a Poisson process. */
  exponential(mean: number): number;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[Math.floor(next() * items.length)]!;
    },
    chance: (p) => next() < p,
    hex: (length) => {
      let out = "";
      while (out.length < length) out += Math.floor(next() * 0x100000000).toString(16).padStart(8, "0");
      return out.slice(0, length);
    },
    exponential: (mean) => -Math.log(1 - next()) * mean,
  };
}
