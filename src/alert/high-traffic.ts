import { isoTime } from "../core/time.js";
import type { AlertEvent, LogRecord } from "../core/types.js";
import { RateWindow } from "../core/window.js";
import { NO_EVENTS, type Rule } from "./rule.js";

/** What the high-traffic rule compares: a rate (requests/second) averaged over a window of seconds. */
export interface HighTrafficConfig {
  threshold: number;
  windowS: number;
}

/** The built-in rule's name in events and config. */
export const HIGH_TRAFFIC = "high_traffic";

/** The exact alert and recovery messages of the product's contract. */
function message(kind: AlertEvent["kind"], hits: number, time: number): string {
  return kind === "alert"
    ? `High traffic generated an alert - hits = ${hits}, triggered at ${isoTime(time)}`
    : `Traffic recovered - hits = ${hits}, recovered at ${isoTime(time)}`;
}

/**
 * The high-traffic alert: every second of log time, the requests of the last `windowS` seconds
 * over `windowS` are compared with the threshold; it fires above it and recovers at or below it,
 * never repeating while in the same state.
 */
export class HighTrafficRule implements Rule {
  readonly name = HIGH_TRAFFIC;
  private readonly window: RateWindow;
  private since: number | null = null;

  constructor(
    private readonly config: HighTrafficConfig,
    /** How far past the judged second records may come (lines read early): the run's window. */
    aheadS = config.windowS,
  ) {
    this.window = new RateWindow(config.windowS, aheadS);
  }

  get quiet(): boolean {
    return this.window.hits === 0 && this.since === null;
  }

  get firingSince(): number | null {
    return this.since;
  }

  record(rec: LogRecord): void {
    this.window.add(rec.time);
  }

  second(t: number): readonly AlertEvent[] {
    const { threshold, windowS } = this.config;
    this.window.advanceTo(t);
    const hits = this.window.hits;
    const rate = hits / windowS;
    if (this.since === null) {
      if (rate <= threshold) return NO_EVENTS;
      this.since = t;
      return [this.event("alert", t, hits)];
    }
    if (rate <= threshold) {
      const event = this.event("recover", t, hits);
      event.since = this.since;
      this.since = null;
      return [event];
    }
    return NO_EVENTS;
  }

  private event(kind: AlertEvent["kind"], time: number, hits: number): AlertEvent {
    const { threshold, windowS } = this.config;
    return {
      rule: this.name,
      key: null,
      kind,
      time,
      hits,
      rate: hits / windowS,
      value: hits / windowS,
      threshold,
      windowS,
      message: message(kind, hits, time),
    };
  }
}
