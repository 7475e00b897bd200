import type {
  ErrorSample,
  LogRecord,
  ParseErrorReason,
  SourceEvent,
  Totals,
  WindowSnapshot,
  WindowState,
} from "../core/types.js";
import { FileTallies, type FileTally } from "./files.js";
import { IntervalStats } from "./interval.js";
import { ErrorSamples } from "./samples.js";
import type { RunOptions } from "./monitor-types.js";
import { RunStats } from "./run.js";
import { TotalsCounter } from "./totals.js";

/**
 * Everything counted about lines, whatever log time makes of them: the interval being built,
 * the intervals after it that lines read early already belong to, the totals since the start,
 * each input's lines and examples of unparsed ones. The monitor decides when an interval ends
 * and where a line goes; this only counts and snapshots.
 */
export class Counters {
  private interval = new IntervalStats();
  /** Intervals after the one being built, by start: lines stamped in them, read before it ended. */
  private readonly ahead = new Map<number, IntervalStats>();
  private readonly spare: IntervalStats[] = [];
  private readonly totalsCounter = new TotalsCounter();
  private readonly files = new FileTallies();
  private readonly samples = new ErrorSamples();
  /** The whole run's statistics, when asked for. */
  readonly run: RunStats | null;

  constructor(run: RunOptions | null = null) {
    this.run = run === null ? null : new RunStats(run);
  }

  /** The costly record fields the run-wide statistics read (KEEP_*), 0 without them. */
  get keep(): number {
    return this.run?.keep ?? 0;
  }

  /** The line counts of input `name`, to pass with its lines. */
  input(name: string): FileTally {
    return this.files.get(name);
  }

  /** Newest accepted log time, or null before any. */
  get last(): number | null {
    return this.totalsCounter.last;
  }

  /** Whether the interval being built has read nothing yet. */
  get intervalEmpty(): boolean {
    return this.interval.isEmpty;
  }

  /**
   * A parsed line of `input`, in the interval being built, or in the later one starting at
   * `ahead`; `late` when it came after its second was judged.
   */
  record(rec: LogRecord, input: FileTally, ahead: number | null = null, late = false): void {
    const interval = ahead === null ? this.interval : this.aheadAt(ahead);
    interval.record(rec, input.index);
    this.totalsCounter.record(rec);
    this.run?.record(rec);
    if (late) {
      interval.late();
      this.totalsCounter.late();
    }
    input.parsed();
  }

  /** The empty interval being built takes in the one starting at `start` (a postponed report). */
  merge(start: number): void {
    const next = this.ahead.get(start);
    if (next === undefined) return;
    this.ahead.delete(start);
    next.takeSource(this.interval);
    this.interval.clear();
    this.spare.push(this.interval);
    this.interval = next;
  }

  private aheadAt(start: number): IntervalStats {
    let interval = this.ahead.get(start);
    if (interval === undefined) {
      interval = this.spare.pop() ?? new IntervalStats();
      this.ahead.set(start, interval);
    }
    return interval;
  }

  /** A directive or comment line of `input`. */
  directive(input: FileTally): void {
    this.interval.directive();
    this.totalsCounter.directive();
    input.directive();
  }

  /** A parsed line of `input` that `--filter` left out. */
  filtered(input: FileTally): void {
    this.interval.filtered();
    this.totalsCounter.filtered();
    input.directive();
  }

  /** An unparsed line of `input`; `sample` builds its example only if one is still wanted. */
  invalid(reason: ParseErrorReason, input: FileTally, sample: () => ErrorSample): void {
    this.interval.invalid(reason);
    this.totalsCounter.invalid(reason);
    input.invalid();
    this.samples.offer(reason, sample);
  }

  /** Something that happened to an input (rotation, truncation, dropped bytes, …). */
  note(event: SourceEvent, count: number): void {
    this.interval.note(event, count);
    this.totalsCounter.note(event, count);
  }

  /** A parsed line stamped far from its neighbours. */
  skew(): void {
    this.interval.skew();
    this.totalsCounter.skew();
  }

  /** A timestamp accepted into log time (first and last times). */
  accepted(t: number): void {
    this.totalsCounter.accepted(t);
  }

  /** The totals since the start. */
  totals(): Totals {
    return this.totalsCounter.snapshot(this.files.totals());
  }

  /** The examples of unparsed lines, in the order seen. */
  errorSamples(): ErrorSample[] {
    return this.samples.all();
  }

  /**
   * The report of [start, end) with `window`'s state; the next interval is the one read ahead
   * from `end`, if any, or a fresh one.
   */
  report(start: number, end: number, top: number, window: WindowState): WindowSnapshot {
    const snapshot = this.interval.snapshot(
      start,
      end,
      top,
      window,
      this.totals(),
      this.files.cutInterval(this.interval.parsedByFile),
    );
    this.interval.clear();
    const next = this.ahead.get(end);
    if (next !== undefined) {
      this.ahead.delete(end);
      this.spare.push(this.interval);
      this.interval = next;
    }
    return snapshot;
  }
}
