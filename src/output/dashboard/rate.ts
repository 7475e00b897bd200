/** How far back the ingestion rate looks, ms. */
export const RATE_SPAN_MS = 3000;

/**
 * Lines per second over the last few seconds of wall time, from a running line count sampled at
 * any moments: bursty writers (a batch a second) still read as their average.
 */
export class RateMeter {
  private readonly samples: { ms: number; count: number }[] = [];

  constructor(private readonly spanMs = RATE_SPAN_MS) {}

  /** Records the running count at `ms` and returns the rate over the span (0 until 2 samples). */
  sample(ms: number, count: number): number {
    this.samples.push({ ms, count });
    while (this.samples.length > 2 && ms - (this.samples[1] as { ms: number }).ms >= this.spanMs) {
      this.samples.shift();
    }
    const first = this.samples[0] as { ms: number; count: number };
    const elapsed = ms - first.ms;
    return elapsed > 0 ? ((count - first.count) * 1000) / elapsed : 0;
  }
}
