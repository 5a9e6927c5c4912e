/** A seeded PRNG (mulberry32): the simulator must produce the same estate for the same seed. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** Up to `count` distinct items, in the order drawn. */
  sample<T>(items: readonly T[], count: number): T[];
  /** An item drawn with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  chance(p: number): boolean;
  /** Lowercase hex, never all zeros (W3C trace and span ids must not be). */
  hex(length: number): string;
  /** Exponentially distributed wait with the given mean: the gaps of a Poisson process. */
  exponential(mean: number): number;
}

/** Folds several numbers (a seed, a start time in ms) into one 32-bit seed. */
export function mixSeed(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const value of values) {
    // Split into 32-bit halves so epoch milliseconds (> 2^32) keep all their bits.
    const low = value >>> 0;
    const high = Math.floor(value / 0x100000000) >>> 0;
    for (const word of [low, high]) {
      h = Math.imul(h ^ word, 0x01000193);
      h ^= h >>> 15;
      h = Math.imul(h, 0x2c1b3c6d);
      h ^= h >>> 12;
    }
  }
  return h >>> 0;
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
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(next() * items.length)]!;
  };
  return {
    next,
    int,
    pick,
    sample: <T>(items: readonly T[], count: number): T[] => {
      const rest = [...items];
      const out: T[] = [];
      while (out.length < count && rest.length > 0) out.push(rest.splice(Math.floor(next() * rest.length), 1)[0]!);
      return out;
    },
    weighted: <T>(items: readonly (readonly [T, number])[]): T => {
      const total = items.reduce((sum, [, w]) => sum + w, 0);
      if (!(total > 0)) throw new Error("weighted pick needs a positive total weight");
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      return items[items.length - 1]![0];
    },
    chance: (p) => next() < p,
    hex: (length) => {
      let out = "";
      while (out.length < length) out += Math.floor(next() * 0x100000000).toString(16).padStart(8, "0");
      out = out.slice(0, length);
      return /^0*$/.test(out) ? `${out.slice(0, -1)}1` : out;
    },
    exponential: (mean) => -Math.log(1 - next()) * mean,
  };
}
