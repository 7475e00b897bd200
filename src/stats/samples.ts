import type { ErrorSample, ParseErrorReason } from "../core/types.js";

/** Unparsed lines kept as examples, per reason. */
export const SAMPLES_PER_REASON = 3;

/** The first few unparsed lines of each reason, for the summary and `logmon check`. */
export class ErrorSamples {
  private readonly kept: ErrorSample[] = [];
  private readonly perReason = new Map<ParseErrorReason, number>();

  /** Keeps the line `sample` builds if its reason still wants examples (built only then). */
  offer(reason: ParseErrorReason, sample: () => ErrorSample): void {
    const n = this.perReason.get(reason) ?? 0;
    if (n >= SAMPLES_PER_REASON) return;
    this.perReason.set(reason, n + 1);
    this.kept.push(sample());
  }

  /** The examples kept, in the order seen. */
  all(): ErrorSample[] {
    return [...this.kept];
  }
}
