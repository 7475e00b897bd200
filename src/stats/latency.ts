import type { LatencySummary } from "../core/types.js";

/** Bucket growth: a quantile is reported within ±1 % of a value actually seen (relative error). */
const GAMMA = 1.02;
const LOG_GAMMA = Math.log(GAMMA);
/** Latencies below this (ms) share one bucket, reported as 0. */
const MIN_MS = 0.001;

/**
 * Request latencies of an interval or a section in logarithmic buckets (the DDSketch idea):
 * memory is bounded by the range of values, not their number (about 1,200 buckets from 1 µs to
 * 3 hours), and p50/p95/p99 come out within 1 % relative error.
 */
export class LatencySketch {
  private readonly buckets = new Map<number, number>();
  private n = 0;

  /** Adds one latency in ms; NaN (the format has none) and negative values are ignored. */
  add(ms: number): void {
    if (!(ms >= 0)) return;
    const index = ms < MIN_MS ? -Infinity : Math.ceil(Math.log(ms) / LOG_GAMMA);
    this.buckets.set(index, (this.buckets.get(index) ?? 0) + 1);
    this.n++;
  }

  /** How many latencies were added. */
  get count(): number {
    return this.n;
  }

  /** The value at quantile q (0–1), ms. */
  quantile(q: number): number {
    const indexes = [...this.buckets.keys()].sort((a, b) => a - b);
    const rank = Math.max(1, Math.ceil(q * this.n));
    let seen = 0;
    for (const index of indexes) {
      seen += this.buckets.get(index) as number;
      if (seen >= rank) return index === -Infinity ? 0 : (2 * GAMMA ** index) / (GAMMA + 1);
    }
    return 0;
  }

  /** p50, p95 and p99 rounded to 0.1 ms, or null when no latency was seen. */
  summary(): LatencySummary | null {
    if (this.n === 0) return null;
    const r = (v: number) => Math.round(v * 10) / 10;
    return {
      count: this.n,
      p50: r(this.quantile(0.5)),
      p95: r(this.quantile(0.95)),
      p99: r(this.quantile(0.99)),
    };
  }
}
