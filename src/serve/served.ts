import type { AlertLine, ReportEvent } from "../core/event.js";
import type { LiveView, LogRecord } from "../core/types.js";
import type { LineTap } from "../ingest/sink.js";
import { Metrics } from "./metrics.js";
import { LineStore } from "./store.js";

/** How the HTTP server is asked for (`--http`, `http_token_env`, `keep_lines`, `keep_for`). */
export interface ServeOptions {
  host: string;
  port: number;
  /** The environment variable holding the bearer token every request must carry, or null. */
  tokenEnv: string | null;
  /** Bounds of the recent-lines store: bytes, and seconds of log time. */
  keepBytes: number;
  keepS: number;
}

/** Recent reports kept for `/api/v1/reports` and alert context: an hour of 10 s reports. */
const MAX_REPORTS = 360;
/** Alerts and recoveries kept for `/api/v1/alerts`. */
const MAX_ALERTS = 1000;

/**
 * What the HTTP server knows, gathered while the run reads: the recent raw lines (through a tap
 * on parsing), the metrics, the recent reports and the alert history.
 */
export class Served {
  readonly store: LineStore;
  readonly metrics: Metrics;
  /**
   * As text: kept report objects would be promoted to the old generation and die there, which
   * costs a fast replay a full collection every few hundred reports.
   */
  private readonly reports: { start: number; end: number; text: string }[] = [];
  /** Newest last. */
  readonly alerts: AlertLine[] = [];
  /** Where the server listens, once bound ("http://127.0.0.1:9145/"). */
  url: string | null = null;

  constructor(
    readonly options: ServeOptions,
    live: () => LiveView,
    top: number,
    logNow: () => number | null,
  ) {
    this.store = new LineStore(options.keepBytes, options.keepS, logNow);
    this.metrics = new Metrics({ live, raised: () => this.alerts }, top);
  }

  /** What parsing hands each parsed line of input `name`: stored, its duration observed. */
  tap(name: string): LineTap {
    const writer = this.store.writer(name);
    const metrics = this.metrics;
    return {
      line: (b: Buffer, start: number, end: number, rec: LogRecord) => {
        writer.line(b, start, end, rec.time);
        if (!Number.isNaN(rec.latencyMs)) metrics.observe(rec.latencyMs);
      },
      flush: () => writer.flush(),
    };
  }

  /** Keeps a report (bounded) and counts its sections. */
  report(r: ReportEvent): void {
    this.metrics.report(r);
    this.reports.push({
      start: Date.parse(r.start) / 1000,
      end: Date.parse(r.end) / 1000,
      text: JSON.stringify(r),
    });
    if (this.reports.length > MAX_REPORTS) this.reports.shift();
  }

  /** Kept reports that end after `from` and start before `to`, oldest first, the newest `limit`. */
  reportsBetween(from: number, to: number, limit: number): ReportEvent[] {
    return this.reports
      .filter((r) => r.end > from && r.start < to)
      .slice(-limit)
      .map((r) => JSON.parse(r.text) as ReportEvent);
  }

  /** Keeps an alert or recovery (bounded). */
  alert(a: AlertLine): void {
    this.alerts.push(a);
    if (this.alerts.length > MAX_ALERTS) this.alerts.shift();
  }
}
