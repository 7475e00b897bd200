import type { AlertEvent, ErrorSample, Totals } from "./types.js";

/** One row of a run-wide top list. */
export interface RunRow {
  key: string;
  hits: number;
  /** Hits the key may have had beyond `hits` (only when the table held too many distinct keys). */
  hits_error?: number;
}

/** A day of the run: requests, and unique visitors (host + user agent) estimated by a sketch. */
export interface RunDay {
  day: string;
  hits: number;
  visitors: number;
}

/** The whole run, as the summary's `run` object (docs/json.md). */
export interface RunLine {
  paths: RunRow[];
  sections: RunRow[];
  not_found: RunRow[];
  paths_4xx: RunRow[];
  paths_5xx: RunRow[];
  hosts: RunRow[];
  referrers: RunRow[];
  browsers: RunRow[];
  systems: RunRow[];
  crawlers: RunRow[];
  status: Record<string, number>;
  /** Requests by hour of the day (0–23, UTC), whatever the day. */
  hours: number[];
  days: RunDay[];
  /**
   * Requests over the run's log time: `hits[i]` in the `step_s` seconds from `start` + i × step
   * (epoch seconds); a minute per step, an hour once the run spans over a week, a day over a year.
   */
  timeline: { start: number; step_s: number; hits: number[] };
  /** The relative standard error of `visitors` (a count within ±3 × this of the truth 99.7 % of the time). */
  visitors_error: number;
}

/** The end-of-input account: totals, the full alert history and parse errors with examples. */
export interface RunSummary {
  totals: Totals;
  alerts: AlertEvent[];
  /** Alerts dropped from the front of a history longer than its bound. */
  alertsDropped: number;
  firing: boolean;
  samples: ErrorSample[];
  /** The lateness in use at the end. */
  latenessS: number;
}
