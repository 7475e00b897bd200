import type { ErrorSample, ParseErrorReason } from "../core/types.js";

/** Unparsed lines kept as examples, per reason. */
export const SAMPLES_PER_REASON = 3;

/**
 * Which unparsed lines are worth an example: the first SAMPLES_PER_REASON of each reason. The
 * monitor keeps those, and a parsing thread sends exactly those, so both ask here.
 */
export class SampleQuota {
  private readonly perReason = new Map<ParseErrorReason, number>();

  /** Whether a line failing for `reason` is still wanted as an example (counted if so). */
  wants(reason: ParseErrorReason): boolean {
    const n = this.perReason.get(reason) ?? 0;
    if (n >= SAMPLES_PER_REASON) return false;
    this.perReason.set(reason, n + 1);
    return true;
  }
}

/** The first few unparsed lines of each reason, for the summary and `logmon check`. */
export class ErrorSamples {
  private readonly kept: ErrorSample[] = [];
  private readonly quota = new SampleQuota();

  /** Keeps the line `sample` builds if its reason still wants examples (built only then). */
  offer(reason: ParseErrorReason, sample: () => ErrorSample): void {
    if (this.quota.wants(reason)) this.kept.push(sample());
  }

  /** The examples kept, in the order seen. */
  all(): ErrorSample[] {
    return [...this.kept];
  }
}
