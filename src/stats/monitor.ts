import { AlertMachine } from "../alert/alert.js";
import type {
  AlertEvent,
  ErrorSample,
  LiveView,
  LogRecord,
  ParseErrorReason,
  RunSummary,
  SourceEvent,
  WindowSnapshot,
} from "../core/types.js";
import { FileTallies, type FileTally } from "./files.js";
import { AlertHistory } from "./history.js";
import { IntervalStats } from "./interval.js";
import { TotalsCounter } from "./totals.js";
import { ErrorSamples } from "./samples.js";
import { RateWindow } from "./window.js";

/** How the monitor counts and when it alerts. */
export interface MonitorConfig {
  /** Alert when the window's average rate (requests/second) goes above this. */
  threshold: number;
  /** Alert window, seconds. */
  windowS: number;
  /** Report interval, seconds of log time. */
  intervalS: number;
  /** Rows in the top lists of a report. */
  top: number;
}

/** What the monitor says, in log-time order. */
export type MonitorOutput =
  { kind: "report"; snapshot: WindowSnapshot } | { kind: "alert"; event: AlertEvent };

/** A line older than the window by more than this (seconds) is clock skew rather than late. */
export const SKEW_PAST_S = 3600;

/**
 * Turns parsed lines into reports and alerts by the log's own clock. Log time is the newest
 * accepted timestamp; each second is evaluated for the alert once a later second is seen. A line
 * more than one window ahead is held until the next parsed line: if that one agrees with the old
 * time, the held line was a broken timestamp (skew), otherwise log time really jumped. So one
 * bad stamp cannot wipe or freeze the window, and sparse logs still advance. Reports count lines
 * by when they were read; the window files them under their own second.
 */
export class Monitor {
  private readonly window: RateWindow;
  private readonly alert: AlertMachine;
  private readonly interval = new IntervalStats();
  private readonly totals = new TotalsCounter();
  private readonly files = new FileTallies();
  private readonly history = new AlertHistory();
  private readonly samples = new ErrorSamples();
  private started = false;
  private newest = 0;
  private evaluated = 0;
  private pending = NaN;
  private pendingSecond = NaN;
  private reportStart = 0;
  /** Hits in the window at the last evaluated second: what the alert decided on. */
  private evaluatedHits = 0;
  private reportEnd = 0;

  constructor(
    private readonly config: MonitorConfig,
    private readonly emit: (output: MonitorOutput) => void,
  ) {
    this.window = new RateWindow(config.windowS);
    this.alert = new AlertMachine({ threshold: config.threshold, windowS: config.windowS });
  }

  /** The line counts of input `name` (a path, or "-"), to pass with its lines. */
  input(name: string): FileTally {
    return this.files.get(name);
  }

  /** Newest log time taken from a line (not moved by the wall clock), or null before any. */
  get lastLineTime(): number | null {
    return this.totals.last;
  }

  /** Counts a parsed line of `input`. The record may be reused by the caller afterwards. */
  record(rec: LogRecord, input: FileTally): void {
    this.file(rec.time);
    this.interval.record(rec);
    this.totals.record(rec);
    input.parsed();
  }

  /** Counts a format directive or comment line (W3C "#Fields: …"): read, not a request. */
  directive(input: FileTally): void {
    this.interval.directive();
    this.totals.directive();
    input.directive();
  }

  /** Counts a line that did not parse; `sample` builds its example only if one is still wanted. */
  invalid(reason: ParseErrorReason, input: FileTally, sample: () => ErrorSample): void {
    this.interval.invalid(reason);
    this.totals.invalid(reason);
    input.invalid();
    this.samples.offer(reason, sample);
  }

  /** The window as it is now: log time, hits per second, alert state and totals (for live views). */
  live(): LiveView {
    const { threshold, windowS } = this.config;
    const hits = this.evaluatedHits;
    return {
      logTime: this.started ? this.newest : null,
      series: this.started ? this.window.series(this.newest) : [],
      hits,
      rate: hits / windowS,
      threshold,
      windowS,
      firingSince: this.alert.firingSince,
      totals: this.totals.snapshot(this.files.totals()),
    };
  }

  /** Counts something that happened to an input: a rotation, a truncation, dropped bytes, … */
  note(event: SourceEvent, count = 1): void {
    this.interval.note(event, count);
    this.totals.note(event, count);
  }

  /**
   * Live following: log time has reached second `now` by the wall clock. Evaluates the seconds
   * before it, so that the window empties and an alert recovers when traffic stops entirely.
   */
  tick(now: number): void {
    if (!this.started) return;
    if (!Number.isNaN(this.pending) && this.pending <= now + this.config.windowS) {
      const held = this.pending;
      this.pending = NaN;
      this.place(held);
    }
    if (now > this.newest) this.advance(now);
  }

  /** Ends the input: accepts held lines (nothing contradicts them), evaluates the last second, cuts the last report. */
  finish(): RunSummary {
    if (!this.started && !Number.isNaN(this.pending)) {
      this.start(this.pending);
      if (!Number.isNaN(this.pendingSecond)) this.file(this.pendingSecond);
      this.pendingSecond = NaN;
    }
    if (!Number.isNaN(this.pending)) {
      const held = this.pending;
      this.pending = NaN;
      this.place(held);
    }
    if (this.started) {
      this.evaluate(this.newest);
      this.evaluated = this.newest;
      if (this.newest + 1 === this.reportEnd || !this.interval.isEmpty) {
        this.cutReport(this.newest + 1);
      }
    }
    return {
      totals: this.totals.snapshot(this.files.totals()),
      alerts: this.history.all(),
      alertsDropped: this.history.dropped,
      firing: this.alert.firing,
      samples: this.samples.all(),
    };
  }

  /** Decides what a timestamp means for log time; may cut reports before the line is counted. */
  private file(t: number): void {
    if (!this.started) {
      this.fileBeforeStart(t);
      return;
    }
    const limit = this.newest + this.config.windowS;
    if (!Number.isNaN(this.pending)) {
      const held = this.pending;
      this.pending = NaN;
      if (t <= limit) this.countSkew();
      else this.place(held);
    }
    if (t > this.newest + this.config.windowS) this.pending = t;
    else this.place(t);
  }

  /** The first lines: up to two disagreeing timestamps are held until a third tells which is right. */
  private fileBeforeStart(t: number): void {
    const w = this.config.windowS;
    const [x, y] = [this.pending, this.pendingSecond];
    if (Number.isNaN(x)) {
      this.pending = t;
    } else if (Number.isNaN(y)) {
      if (Math.abs(t - x) <= w) {
        this.start(x);
        this.place(t);
      } else {
        this.pendingSecond = t;
      }
    } else {
      this.pendingSecond = NaN;
      if (Math.abs(t - y) <= w || Math.abs(t - x) <= w) {
        this.countSkew();
        this.start(Math.abs(t - y) <= w ? y : x);
        this.place(t);
      } else {
        this.start(x);
        this.file(y);
        this.file(t);
      }
    }
  }

  private countSkew(): void {
    this.interval.skew();
    this.totals.skew();
  }

  private start(t: number): void {
    this.started = true;
    this.pending = NaN;
    this.newest = t;
    this.evaluated = t - 1;
    this.reportStart = t;
    this.reportEnd = this.alignDown(t) + this.config.intervalS;
    this.window.add(t);
    this.totals.accepted(t);
  }

  /** Files an accepted timestamp: advances log time to it, or counts it in its own second. */
  private place(t: number): void {
    if (t > this.newest) this.advance(t);
    if (t > this.newest - this.config.windowS) {
      this.window.add(t);
      this.totals.accepted(t);
    } else if (this.newest - t > this.config.windowS + SKEW_PAST_S) {
      this.countSkew();
    } else {
      this.interval.late();
      this.totals.late();
    }
  }

  /** Moves log time to `t`, evaluating every second before it and cutting due reports. */
  private advance(t: number): void {
    while (this.evaluated + 1 < t) {
      if (this.window.hits === 0 && !this.alert.firing) {
        this.skipIdle(t);
        break;
      }
      const second = this.evaluated + 1;
      this.evaluate(second);
      this.evaluated = second;
      if (second + 1 === this.reportEnd) this.cutReport(this.reportEnd);
    }
    this.newest = t;
  }

  /** Jumps over seconds with an empty window; whole empty intervals become one report. */
  private skipIdle(t: number): void {
    this.evaluated = t - 1;
    if (this.reportEnd > t) return;
    if (!this.interval.isEmpty) this.cutReport(this.reportEnd);
    const current = this.alignDown(t);
    if (this.reportStart < current) {
      this.cutReport(current);
    }
  }

  private evaluate(second: number): void {
    this.window.expire(second - this.config.windowS);
    this.evaluatedHits = this.window.hits;
    const event = this.alert.evaluate(second, this.evaluatedHits);
    if (event !== null) {
      this.history.push(event);
      this.emit({ kind: "alert", event });
    }
  }

  /** Emits the report from the current start to `end` and starts the next one there. */
  private cutReport(end: number): void {
    const { threshold, windowS, top } = this.config;
    const hits = this.window.hits;
    const snapshot = this.interval.snapshot(
      this.reportStart,
      end,
      top,
      { hits, rate: hits / windowS, firing: this.alert.firing, threshold, windowS },
      this.totals.snapshot(this.files.totals()),
      this.files.cutInterval(),
    );
    this.interval.clear();
    this.reportStart = end;
    this.reportEnd = this.alignDown(end) + this.config.intervalS;
    this.emit({ kind: "report", snapshot });
  }

  private alignDown(t: number): number {
    return t - (((t % this.config.intervalS) + this.config.intervalS) % this.config.intervalS);
  }
}
