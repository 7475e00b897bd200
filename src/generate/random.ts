/**
 * A small seeded generator (mulberry32): the same seed gives the same lines on every machine,
 * which Math.random cannot.
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

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** One of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One of `items`, with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let x = this.next() * total;
    for (const [item, w] of items) {
      x -= w;
      if (x < 0) return item;
    }
    return (items[items.length - 1] as readonly [T, number])[0];
  }
}

/**
 * Index sampler with Zipf-like popularity (rank r has weight 1 / r^s): a few sections and hosts
 * get most traffic, as on real sites. Sampling is a binary search over the cumulative weights.
 */
export class Zipf {
  private readonly cumulative: number[] = [];

  constructor(size: number, exponent = 1.1) {
    let sum = 0;
    for (let r = 1; r <= size; r++) {
      sum += 1 / r ** exponent;
      this.cumulative.push(sum);
    }
  }

  /** A rank from 0 (most popular) to size - 1. */
  sample(random: Random): number {
    const total = this.cumulative[this.cumulative.length - 1] as number;
    const x = random.next() * total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] as number) <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
