import { SecondRing } from "../core/ring.js";

/** Buckets per doubling of the request time: about 9 % apart. */
const PER_OCTAVE = 8;
/** Bucket 0 holds up to 0.125 ms; the last about 2^21 ms (35 min): 192 buckets. */
const BUCKETS = 24 * PER_OCTAVE;
const LOWEST_MS = 0.125;

function bucketOf(ms: number): number {
  if (!(ms > LOWEST_MS)) return 0;
  return Math.min(BUCKETS - 1, Math.ceil(Math.log2(ms / LOWEST_MS) * PER_OCTAVE));
}

function upperMs(bucket: number): number {
  return LOWEST_MS * 2 ** (bucket / PER_OCTAVE);
}

/**
 * Request times per second of log time over a window, as log-spaced histograms in a ring (like
 * RateWindow: seconds read ahead of the judged one are kept, a late one inside the window counts
 * at once), with the window's histogram kept up to date, so a percentile costs one pass over 192
 * buckets. A percentile is the upper edge of its bucket: at most 9 % above the true value.
 */
export class LatencyWindow extends SecondRing {
  private readonly counts: Uint32Array;
  private readonly window = new Float64Array(BUCKETS);
  private total = 0;

  constructor(seconds: number, ahead: number) {
    super(seconds, ahead);
    this.counts = new Uint32Array(this.size * BUCKETS);
  }

  /** Requests with a time in the window. */
  get hits(): number {
    return this.total;
  }

  /** Counts a request time at second `t` (false when outside what the ring holds). */
  add(t: number, ms: number): boolean {
    const slot = this.slotToAdd(t);
    if (slot < 0) return false;
    const b = bucketOf(ms);
    this.counts[slot * BUCKETS + b] = (this.counts[slot * BUCKETS + b] as number) + 1;
    if (t <= this.end) {
      this.window[b] = (this.window[b] as number) + 1;
      this.total++;
    }
    return true;
  }

  /** The `p`th percentile (0–100) of the window's request times in ms, or 0 when it has none. */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (let b = 0; b < BUCKETS; b++) {
      seen += this.window[b] as number;
      if (seen >= rank) return upperMs(b);
    }
    return upperMs(BUCKETS - 1);
  }

  protected enter(t: number): void {
    this.move(t, 1);
  }

  protected leave(t: number): void {
    this.move(t, -1);
  }

  protected clear(slot: number): void {
    this.counts.fill(0, slot * BUCKETS, (slot + 1) * BUCKETS);
  }

  protected restart(t: number): void {
    this.window.fill(0);
    this.total = 0;
    for (let s = t - this.seconds + 1; s <= t; s++) this.move(s, 1);
  }

  private move(t: number, sign: 1 | -1): void {
    const slot = this.slotHolding(t);
    if (slot < 0) return;
    for (let b = 0; b < BUCKETS; b++) {
      const n = this.counts[slot * BUCKETS + b] as number;
      if (n === 0) continue;
      this.window[b] = (this.window[b] as number) + sign * n;
      this.total += sign * n;
    }
  }
}
