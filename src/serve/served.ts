import type { Clock } from "../core/clock.js";
import type { AlertLine, ReportEvent } from "../core/event.js";
import type { LiveView, LogRecord } from "../core/types.js";
import type { LineTap, TapBatch } from "../ingest/tap.js";
import { Metrics } from "./metrics.js";
import { ndjsonLine } from "../output/ndjson.js";
import { scanInTurns, scanLines } from "./scan.js";
import { LineStore, type LinesAnswer } from "./store.js";
import type { StoreWriter } from "./writer.js";

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

/** Recent reports kept for `/api/v1/reports` and alert context: 4 MiB, an hour of log time. */
const REPORT_BYTES = 4 * 1024 * 1024;
const REPORT_S = 3600;
/** Alerts and recoveries kept for `/api/v1/alerts`. */
const MAX_ALERTS = 1000;
/** Queries of the stored lines waiting their turn at most (then: Busy). */
const MAX_WAITING = 16;

/** Too many queries of the stored lines at once: the client is to try again (503). */
export class Busy extends Error {}

/**
 * What the HTTP server knows, gathered while the run reads: the recent raw lines (through a tap
 * on parsing), the metrics, the recent reports and the alert history.
 */
export class Served {
  readonly store: LineStore;
  readonly metrics: Metrics;
  /**
   * As NDJSON text in a ring of bytes: kept objects (or strings) would be promoted to the old
   * generation and die there, a full collection every few hundred reports of a fast replay.
   */
  private readonly reports: LineStore;
  /** The longest span of a report kept, seconds: how far before `from` one can start. */
  private longestS = 0;
  /** Newest last. */
  readonly alerts: AlertLine[] = [];
  /** The last query of the stored lines, and how many wait or run. */
  private scans: Promise<unknown> = Promise.resolve();
  private waiting = 0;
  /** Where the server listens, once bound ("http://127.0.0.1:9145/"). */
  url: string | null = null;

  constructor(
    readonly options: ServeOptions,
    live: () => LiveView,
    top: number,
    logNow: () => number | null,
    clock: Clock,
  ) {
    this.store = new LineStore(options.keepBytes, options.keepS, logNow);
    this.reports = new LineStore(REPORT_BYTES, REPORT_S, logNow);
    this.metrics = new Metrics({ live, raised: () => this.alerts }, top, clock);
  }

  /** What parsing hands each parsed line of input `name`: stored, its duration observed. */
  tap(name: string): LineTap {
    return new ServedTap(this.store.writer(name), this.metrics);
  }

  /** Keeps a report (bounded) and counts its sections. */
  report(r: ReportEvent): void {
    this.metrics.report(r);
    const start = Date.parse(r.start) / 1000;
    this.longestS = Math.max(this.longestS, Date.parse(r.end) / 1000 - start);
    this.reports.text("reports", ndjsonLine(r), start);
  }

  /**
   * Kept reports that end after `from` and start before `to`, oldest first, the newest `limit`.
   * Only those that start late enough to end after `from` are read, newest first: reports follow
   * each other, so any that ends by `from` is older than all that end after it.
   */
  reportsBetween(from: number, to: number, limit: number): ReportEvent[] {
    return this.reports
      .query(from - this.longestS, to, null, limit, true)
      .lines.map((l) => JSON.parse(l.line) as ReportEvent)
      .filter((r) => Date.parse(r.end) / 1000 > from);
  }

  /**
   * The stored lines a query asks for (LineStore.query's arguments), read a slice per turn of the
   * event loop and one query at a time, so that reading goes on while a client scans millions of
   * lines; throws Busy when MAX_WAITING queries are already waiting.
   */
  async lines(
    from: number,
    to: number,
    match: RegExp | null,
    limit: number,
    newest: boolean,
  ): Promise<LinesAnswer> {
    if (this.waiting >= MAX_WAITING) throw new Busy("too many queries of recent lines at once");
    this.waiting++;
    const run = this.scans.then(() =>
      scanInTurns(scanLines(this.store, from, to, match, limit, newest)),
    );
    this.scans = run.catch(() => undefined);
    try {
      return await run;
    } finally {
      this.waiting--;
    }
  }

  /** Keeps an alert or recovery (bounded). */
  alert(a: AlertLine): void {
    this.alerts.push(a);
    if (this.alerts.length > MAX_ALERTS) this.alerts.shift();
  }
}

/** What the server takes of parsing: each line stored, each known duration observed. */
class ServedTap implements LineTap {
  constructor(
    private readonly writer: StoreWriter,
    private readonly metrics: Metrics,
  ) {}

  line(b: Buffer, start: number, end: number, rec: LogRecord): void {
    this.writer.line(b, start, end, rec.time);
    if (!Number.isNaN(rec.latencyMs)) this.metrics.observe(rec.latencyMs);
  }

  lines(batch: TapBatch): void {
    this.writer.lines(batch);
    if (!batch.timed) return;
    for (let k = 0; k < batch.count; k++) {
      const ms = batch.latencies[k] as number;
      if (!Number.isNaN(ms)) this.metrics.observe(ms);
    }
  }

  flush(): void {
    this.writer.flush();
  }

  file(path: string, identity: string): boolean {
    return this.writer.file(path, identity);
  }

  end(): void {
    this.writer.end();
  }
}
