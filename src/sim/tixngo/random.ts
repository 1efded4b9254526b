/** Small, fast, seeded randomness for the simulator: the same seed gives the same run. */

/** A stream of numbers in [0, 1) from a 32-bit seed (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A well-mixed 32-bit hash of a few integers: random access, no state (for index-based choices). */
export function hash32(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const value of values) {
    // Mix both halves so large indexes and seeds count.
    h = Math.imul(h ^ (value >>> 0), 0x01000193);
    h = Math.imul(h ^ Math.floor(value / 4294967296), 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    h = Math.imul(h, 0x297a2d39);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

/** hash32 as a number in [0, 1). */
export function unitHash(...values: number[]): number {
  return hash32(...values) / 4294967296;
}

export function pick<T>(items: readonly T[], unit: number): T {
  const item = items[Math.min(items.length - 1, Math.floor(unit * items.length))];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}
