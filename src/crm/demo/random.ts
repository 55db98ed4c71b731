/**
 * A small seeded random source (mulberry32). The demo account must come out
 * byte-identical for the same seed, so nothing in the demo touches Math.random.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A float in [min, max). */
  float(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** A whole number in [min, max], both ends included. */
  int(min: number, max: number): number {
    return Math.floor(this.float(min, max + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One item of a non-empty list, each equally likely. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('Random.pick: the list is empty');
    return item;
  }

  /** One value of a non-empty list of [value, weight] pairs, in proportion to the weights. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of pairs) total += weight;
    let left = this.next() * total;
    for (const [value, weight] of pairs) {
      left -= weight;
      if (left < 0) return value;
    }
    // Only reachable through floating-point rounding on the last pair.
    const last = pairs.at(-1);
    if (last === undefined) throw new Error('Random.weighted: the list is empty');
    return last[0];
  }

  /** A standard normal draw (Box–Muller). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]: log(0) would be -Infinity
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /**
   * A log-normal duration: half the draws fall below `median`, and `sigma`
   * sets how long the right tail is — the shape of how long people take.
   */
  duration(median: number, sigma: number): number {
    // Whole units: a CRM stores times in whole seconds, never fractions of a millisecond.
    return Math.round(median * Math.exp(sigma * this.normal()));
  }

  /** Rounds up or down at random, so many small expected counts add up to the right total. */
  round(expected: number): number {
    const whole = Math.floor(expected);
    return whole + (this.chance(expected - whole) ? 1 : 0);
  }
}

/**
 * Mixes numbers into one 32-bit seed, so each day and each deal gets its own
 * stream and a deal's story does not change when other deals are added.
 */
export function mixSeed(...parts: number[]): number {
  let hash = 0x9e3779b9;
  for (const part of parts) {
    // Epoch milliseconds and ids exceed 32 bits: mix both halves.
    hash = mix32(hash, part >>> 0);
    hash = mix32(hash, Math.floor(part / 4294967296) >>> 0);
  }
  return hash;
}

function mix32(hash: number, value: number): number {
  let h = Math.imul(hash ^ value, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
