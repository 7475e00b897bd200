import type { AlertEvent, LogRecord } from "../core/types.js";

/**
 * One alert rule: the seam a new rule kind plugs into (see docs/architecture.md). The monitor
 * hands it every parsed record accepted into log time (fields and all, `rec.time` being its own
 * second) and then each second of log time once, in order; the rule answers with the crossings
 * that second decides. Records are reused by the caller: a rule copies what it keeps.
 */
export interface Rule {
  /** Names the rule in its events ("high_traffic"). */
  readonly name: string;
  /** A parsed line counted at its own second. */
  record(rec: LogRecord): void;
  /** Second `t` of log time is complete: its alerts and recoveries (often none). */
  second(t: number): readonly AlertEvent[];
  /**
   * True when no second can produce an event until the next record arrives (nothing in its
   * window, nothing firing): the monitor may then jump over quiet seconds without asking.
   */
  readonly quiet: boolean;
  /** When the rule's firing alert was raised (epoch seconds), or null when it is not firing. */
  readonly firingSince: number | null;
}

/** What a rule returns for a second that decides nothing (shared, never mutated). */
export const NO_EVENTS: readonly AlertEvent[] = Object.freeze([]);
