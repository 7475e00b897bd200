import type { AlertEvent } from "../core/types.js";

/** What the alert compares: a rate threshold (requests/second) averaged over a window of seconds. */
export interface AlertConfig {
  threshold: number;
  windowS: number;
}

/**
 * The high-traffic alert as a pure state machine: fed the window's hit count once per second of
 * log time, it fires when the average rate goes above the threshold and recovers when it is back
 * at or below it, never repeating while in the same state.
 */
export class AlertMachine {
  private since: number | null = null;

  constructor(private readonly config: AlertConfig) {}

  /** Whether an alert is firing now. */
  get firing(): boolean {
    return this.since !== null;
  }

  /** When the firing alert was triggered (epoch seconds), or null. */
  get firingSince(): number | null {
    return this.since;
  }

  /** Evaluates second `time` whose window holds `hits` requests; returns the crossing, if any. */
  evaluate(time: number, hits: number): AlertEvent | null {
    const { threshold, windowS } = this.config;
    const rate = hits / windowS;
    if (this.since === null) {
      if (rate <= threshold) return null;
      this.since = time;
      return { kind: "alert", time, hits, rate, threshold, windowS };
    }
    if (rate > threshold) return null;
    const since = this.since;
    this.since = null;
    return { kind: "recover", time, hits, rate, threshold, windowS, since };
  }
}
