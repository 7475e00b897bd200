import type { AlertEvent, LogRecord } from "../core/types.js";

/**
 * One alert rule: the seam a new rule kind plugs into (see docs/architecture.md). The monitor
 * hands it every parsed record accepted into log time (fields and all, `rec.time` being its own
 * second) as it is read, and then each second of log time once, in order, when the horizon has
 * passed it (its lines are in); the rule answers with the crossings that second decides. So a
 * record may be for a second up to a window after the last one judged (read early) or before it
 * (late: it still belongs in the windows not yet judged); keep per-second counts, as
 * core/window.ts's RateWindow does. Records are reused by the caller: a rule copies what it keeps.
 */
export interface Rule {
  /** Names the rule in its events ("high_traffic"). */
  readonly name: string;
  /** A parsed line, for its own second (which may be ahead of or behind the judged one). */
  record(rec: LogRecord): void;
  /** Second `t` of log time is judged (its lines are in): its alerts and recoveries (often none). */
  second(t: number): readonly AlertEvent[];
  /**
   * True when no second can produce an event until the next record arrives (nothing in its
   * window, nothing firing): the monitor may then jump over quiet seconds without asking.
   */
  readonly quiet: boolean;
  /** When the rule's firing alert was raised (epoch seconds), or null when it is not firing. */
  readonly firingSince: number | null;
  /** Record fields the rule reads that parsers fill only on request (KEEP_PATH, KEEP_AGENT). */
  readonly keep?: number;
  /** Something the person should know about the rule after the run (it could not work), or null. */
  note?(): string | null;
  /** True for a rule that fires on silence (a flatline): log time then runs by the live clock even before any line. */
  readonly needsClock?: boolean;
  /** Each firing alert of a grouped rule, by key (absent: one alert, firingSince's). */
  firing?(): { key: string | null; since: number }[];
}

/** What a rule returns for a second that decides nothing (shared, never mutated). */
export const NO_EVENTS: readonly AlertEvent[] = Object.freeze([]);
