import type { AlertEvent, WindowSnapshot } from "../core/types.js";

/** How the monitor counts and when it reports. */
/** What the whole-run statistics are asked for with: the site's own hosts, full paths with their queries. */
export interface RunOptions {
  siteHosts: readonly string[];
  keepQuery?: boolean;
}

export interface MonitorConfig {
  /** The high-traffic threshold (requests/second), shown with the window in reports. */
  threshold: number;
  /** Alert window, seconds: also how far ahead a timestamp may jump before it is doubted. */
  windowS: number;
  /** Report interval, seconds of log time. */
  intervalS: number;
  /** Rows in the top lists of a report. */
  top: number;
  /** Seconds a second waits for late lines before it is judged; null or absent: learned. */
  latenessS?: number | null;
  /** Run-wide statistics (the summary's `run`), with the site's own host names; null: none. */
  run?: RunOptions | null;
}

/** What the monitor says, in log-time order. */
export type MonitorOutput =
  { kind: "report"; snapshot: WindowSnapshot } | { kind: "alert"; event: AlertEvent };

/** A line older than the window by more than this (seconds) is clock skew rather than late. */
export const SKEW_PAST_S = 3600;
