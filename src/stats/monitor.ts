import { HIGH_TRAFFIC } from "../alert/high-traffic.js";
import { RuleSet } from "../alert/ruleset.js";
import type { Rule } from "../alert/rule.js";
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
import { rankedSections } from "../core/event.js";
import type { RunStats } from "./run.js";
import { TimeArbiter } from "./arbiter.js";
import { Counters } from "./counters.js";
import { Lateness } from "./lateness.js";
import type { FileTally } from "./files.js";
import { AlertHistory } from "./history.js";
import { SKEW_PAST_S, type MonitorConfig, type MonitorOutput } from "./monitor-types.js";
import { ReportSchedule } from "./schedule.js";
import { RateWindow } from "../core/window.js";

/**
 * Turns parsed lines into reports and alerts by the log's own clock. Its own job is log time:
 * the newest accepted timestamp, and the horizon behind it: a second is judged (handed to the
 * rules, its report cut when it ends one) once the newest timestamp is more than the lateness
 * past it, so lines written out of order are in before their second is decided. Which
 * timestamps to believe is the arbiter's job (one bad stamp cannot wipe or freeze the window,
 * and sparse logs still advance), counting is Counters' (each line in the report of its own
 * timestamp), deciding alerts the rules', and where reports end the schedule's.
 */
export class Monitor {
  private readonly window: RateWindow;
  private readonly rules: RuleSet;
  private readonly counters: Counters;
  private readonly schedule: ReportSchedule;
  private readonly history = new AlertHistory<AlertEvent>();
  private started = false;
  /** Whether a parsed line ever came (before it, a flatline rule may start log time by the clock). */
  private anyLine = false;
  /** The first second judged: a line a window before it was in no judged window. */
  private firstJudged = 0;
  /** Whether a report was cut: until then a line stamped before the first report moves its start back. */
  private anyReport = false;
  private newest = 0;
  private evaluated = 0;
  private readonly arbiter: TimeArbiter;
  private readonly lateness: Lateness;
  /** Hits in the window at the last evaluated second: what the rules decided on. */
  private evaluatedHits = 0;
  /** The last report, for the ranked rows of the live view. */
  private lastReport: WindowSnapshot | null = null;

  constructor(
    private readonly config: MonitorConfig,
    private readonly emit: (output: MonitorOutput) => void,
    rules: readonly Rule[],
    brokenRule: (rule: string, err: unknown) => void = () => undefined,
  ) {
    this.counters = new Counters(config.run ?? null);
    this.window = new RateWindow(config.windowS, config.windowS);
    this.rules = new RuleSet(rules, brokenRule);
    this.schedule = new ReportSchedule(config.intervalS);
    this.lateness = new Lateness(config.latenessS ?? null, config.windowS);
    const count = (rec: LogRecord, input: FileTally | null, late = false, own = true) => {
      if (input === null) return;
      const ahead =
        own && rec.time >= this.schedule.end ? this.schedule.intervalOf(rec.time) : null;
      this.counters.record(rec, input, ahead, late);
    };
    this.arbiter = new TimeArbiter(config.windowS, {
      started: () => this.started,
      newest: () => this.newest,
      start: (rec, input) => {
        this.startAt(rec.time);
        this.accept(rec);
        count(rec, input);
      },
      place: (rec, input) => {
        const fate = this.place(rec);
        count(rec, input, fate === "late", fate !== "skew");
      },
      skew: (rec, input) => {
        this.counters.skew();
        count(rec, input, false, false);
      },
    });
  }

  /** The line counts of input `name` (a path, or "-"), to pass with its lines. */
  input(name: string): FileTally {
    return this.counters.input(name);
  }

  /** What rules have to say after the run (one line each), for stderr. */
  ruleNotes(): string[] {
    return this.rules.notes();
  }

  /** The costly record fields the rules read (KEEP_PATH, KEEP_AGENT), for the parsers to fill. */
  get keep(): number {
    return this.rules.keep | this.counters.keep;
  }

  /** The whole run's statistics, or null with `--no-run-stats`. */
  get run(): RunStats | null {
    return this.counters.run;
  }

  /** Newest log time taken from a line (not moved by the wall clock), or null before any. */
  get lastLineTime(): number | null {
    return this.counters.last;
  }

  /** Counts a parsed line of `input`. The record may be reused by the caller afterwards. */
  record(rec: LogRecord, input: FileTally): void {
    this.anyLine = true;
    this.arbiter.file(rec, input);
  }

  /** Counts a format directive or comment line (W3C "#Fields: …"): read, not a request. */
  directive(input: FileTally): void {
    this.counters.directive(input);
  }

  /** Counts a parsed line that `--filter` left out: read, not a request. */
  filtered(input: FileTally): void {
    this.counters.filtered(input);
  }

  /** Counts a line that did not parse; `sample` builds its example only if one is still wanted. */
  invalid(reason: ParseErrorReason, input: FileTally, sample: () => ErrorSample): void {
    this.counters.invalid(reason, input, sample);
  }

  /** The window as it is now: log time, hits per second, alert state and totals (for live views). */
  live(): LiveView {
    const firing = this.rules.firingList();
    return {
      logTime: this.started ? this.newest : null,
      latenessS: this.lateness.seconds,
      series: this.started ? this.window.series(this.newest) : [],
      hits: this.evaluatedHits,
      rate: this.evaluatedHits / this.config.windowS,
      threshold: this.config.threshold,
      windowS: this.config.windowS,
      firingSince: firing.find((f) => f.rule === HIGH_TRAFFIC)?.since ?? null,
      firing,
      totals: this.counters.totals(),
      ranked: rankedSections(this.lastReport),
    };
  }

  /** Counts something that happened to an input: a rotation, a truncation, dropped bytes, … */
  note(event: SourceEvent, count = 1): void {
    this.counters.note(event, count);
  }

  /** Live following: log time reached `now` by the wall clock; judges up to it (recoveries too). */
  tick(now: number): void {
    if (!this.started) {
      // Input is quiet: lines held for agreement start log time (the live clock follows).
      if (this.anyLine) {
        this.arbiter.startHeld();
        return;
      }
      // No line yet: only a flatline rule has anything to say, and it says it by the clock.
      if (!this.rules.needsClock) return;
      this.startAt(now);
    }
    this.arbiter.tick(now);
    if (now <= this.newest) return;
    this.newest = now;
    this.judgeTo(now - this.lateness.seconds - 1);
  }

  /** Ends the input: accepts held lines (nothing contradicts them), evaluates the last second, cuts the last report. */
  finish(): RunSummary {
    this.arbiter.finish();
    if (this.started) {
      // Every line is in: the horizon closes on the newest second.
      this.judgeTo(this.newest - 1);
      this.evaluate(this.newest);
      this.evaluated = this.newest;
      if (this.schedule.dueAfter(this.newest) || !this.counters.intervalEmpty) {
        this.cutReport(this.newest + 1);
      }
    }
    return {
      totals: this.counters.totals(),
      alerts: this.history.all(),
      alertsDropped: this.history.dropped,
      firing: this.rules.firing,
      samples: this.counters.errorSamples(),
      latenessS: this.lateness.seconds,
    };
  }

  /** Log time starts at second `t` (a first line's, or the live clock's when none came). */
  private startAt(t: number): void {
    this.started = true;
    this.newest = t;
    this.evaluated = t - 1;
    this.schedule.begin(t);
    this.firstJudged = t;
  }

  /** Counts an accepted line in its own second, in the window and for the rules. */
  private accept(rec: LogRecord): void {
    if (this.window.add(rec.time)) this.rules.record(rec);
    this.counters.accepted(rec.time);
  }

  /**
   * Files a believed line: moves log time on to it (judging the seconds the horizon passes), or
   * counts it in its own second, learning how late lines come. Says whether it came after its
   * second was judged ("late"), or so far in the past it is a broken clock ("skew").
   */
  private place(rec: LogRecord): "on time" | "late" | "skew" {
    const t = rec.time;
    if (t > this.newest) {
      this.newest = t;
      this.judgeTo(t - this.lateness.seconds - 1);
    } else if (this.newest - t > this.config.windowS + SKEW_PAST_S) {
      this.counters.skew();
      return "skew";
    } else {
      this.lateness.observe(this.newest - t);
      if (!this.anyReport && t < this.schedule.start) this.schedule.start = t;
    }
    this.accept(rec);
    // Late: a judged window went without it (one before the first judged second's window did not).
    const late = t <= this.evaluated && t > this.firstJudged - this.config.windowS;
    return late ? "late" : "on time";
  }

  /**
   * Judges every second up to `horizon` in order (jumping over stretches where nothing can
   * happen), cutting due reports; empty intervals wait, to become one report.
   */
  private judgeTo(horizon: number): void {
    while (this.evaluated < horizon) {
      if (this.window.hits === 0 && this.rules.quiet) {
        const next = this.window.nextCounted();
        const stop = next === null ? horizon : Math.min(horizon, next - 1);
        if (stop > this.evaluated) {
          this.evaluated = stop;
          this.window.advanceTo(stop);
          this.cutGapBefore(stop + 1);
          continue;
        }
      }
      const second = this.evaluated + 1;
      this.evaluate(second);
      this.evaluated = second;
      if (!this.schedule.dueAfter(second)) continue;
      if (this.counters.intervalEmpty) this.counters.merge(this.schedule.postpone());
      else this.cutReport(second + 1);
    }
    this.cutGapBefore(horizon + 1);
  }

  /** The report under way if due, then a stretch of empty intervals before second `t`'s as one report. */
  private cutGapBefore(t: number): void {
    for (const end of this.schedule.cutsBefore(t, this.counters.intervalEmpty)) this.cutReport(end);
  }

  private evaluate(second: number): void {
    this.window.advanceTo(second);
    this.evaluatedHits = this.window.hits;
    this.rules.second(second, (event) => {
      this.history.push(event);
      this.emit({ kind: "alert", event });
    });
  }

  /** Emits the report from the current start to `end` and starts the next one there. */
  private cutReport(end: number): void {
    const { threshold, windowS, top } = this.config;
    const hits = this.window.hits;
    const window = {
      hits,
      rate: hits / windowS,
      firing: this.rules.firing,
      threshold,
      windowS,
      latenessS: this.lateness.seconds,
    };
    const snapshot = this.counters.report(this.schedule.start, end, top, window);
    this.schedule.cut(end);
    this.anyReport = true;
    this.lastReport = snapshot;
    this.emit({ kind: "report", snapshot });
  }
}
