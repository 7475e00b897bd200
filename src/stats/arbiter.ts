import { copyRecord, emptyRecord, type LogRecord } from "../core/types.js";
import type { FileTally } from "./files.js";

/** What the arbiter decides about a line; the monitor files it and counts it then. */
export interface Verdicts {
  /** Whether log time has started, and where it stands. */
  started(): boolean;
  newest(): number;
  /** The first believed line: log time starts at its time. */
  start(rec: LogRecord, input: FileTally | null): void;
  /** A believed line: into log time (advancing it, or in its own second), then counted. */
  place(rec: LogRecord, input: FileTally | null): void;
  /** A line whose timestamp was broken (a stamp far from its neighbours): counted as skew. */
  skew(rec: LogRecord, input: FileTally | null): void;
}

/** A line held back (a copy) with its input, until a later line tells where it belongs. */
interface Held {
  rec: LogRecord;
  input: FileTally | null;
}

/**
 * Which timestamps to believe. A line more than one window ahead of log time is held until the
 * next parsed line: if that one agrees with the old time, the held line was a broken timestamp
 * (skew), otherwise log time really jumped. Before the start, up to two disagreeing lines are
 * held until a third tells which is right. A held line is counted only once decided, so it
 * lands in the report of the time it belongs to. Two spare records: nothing allocated per line.
 */
export class TimeArbiter {
  private pending: Held | null = null;
  private pendingSecond: Held | null = null;
  private readonly slots: [Held, Held] = [
    { rec: emptyRecord(), input: null },
    { rec: emptyRecord(), input: null },
  ];

  constructor(
    private readonly windowS: number,
    private readonly to: Verdicts,
  ) {}

  /** Decides about a parsed line of `input` (the record may be reused by the caller afterwards). */
  file(rec: LogRecord, input: FileTally | null): void {
    if (!this.to.started()) {
      this.beforeStart(rec, input);
      return;
    }
    const t = rec.time;
    const ahead = t > this.to.newest() + this.windowS;
    const held = this.take();
    if (held !== null) {
      if (ahead) this.to.place(held.rec, held.input);
      else this.to.skew(held.rec, held.input);
    }
    if (t > this.to.newest() + this.windowS) this.pending = this.hold(rec, input);
    else this.to.place(rec, input);
  }

  /** Live following reached second `now`: a held line within a window of it is believed. */
  tick(now: number): void {
    if (this.pending !== null && this.pending.rec.time <= now + this.windowS) {
      const held = this.take() as Held;
      this.to.place(held.rec, held.input);
    }
  }

  /** The input ended: held lines are believed (nothing contradicts them). */
  finish(): void {
    this.startHeld();
    const held = this.take();
    if (held !== null) this.to.place(held.rec, held.input);
  }

  /**
   * Input went quiet before log time started: the first lines, held for a line to agree with
   * them, are believed (nothing contradicts them), so a lone line is reported while following.
   */
  startHeld(): void {
    if (!this.to.started() && this.pending !== null) {
      const [first, second] = [this.pending, this.pendingSecond];
      this.pending = null;
      this.pendingSecond = null;
      this.to.start(first.rec, first.input);
      if (second !== null) this.file(second.rec, second.input);
    }
  }

  private take(): Held | null {
    const held = this.pending;
    this.pending = null;
    return held;
  }

  /** A copy of `rec` with its input, in whichever slot is not holding the other line. */
  private hold(rec: LogRecord, input: FileTally | null): Held {
    const slot = this.pending === this.slots[0] ? this.slots[1] : this.slots[0];
    copyRecord(rec, slot.rec);
    slot.input = input;
    return slot;
  }

  private beforeStart(rec: LogRecord, input: FileTally | null): void {
    const w = this.windowS;
    const t = rec.time;
    const [x, y] = [this.pending, this.pendingSecond];
    if (x === null) {
      this.pending = this.hold(rec, input);
    } else if (y === null) {
      if (Math.abs(t - x.rec.time) > w) {
        this.pendingSecond = this.hold(rec, input);
        return;
      }
      this.pending = null;
      this.to.start(x.rec, x.input);
      this.to.place(rec, input);
    } else {
      this.pending = null;
      this.pendingSecond = null;
      const yAgrees = Math.abs(t - y.rec.time) <= w;
      if (yAgrees || Math.abs(t - x.rec.time) <= w) {
        // The one of the two the third line does not agree with was a broken stamp.
        const [right, wrong] = yAgrees ? [y, x] : [x, y];
        this.to.start(right.rec, right.input);
        this.to.skew(wrong.rec, wrong.input);
        this.to.place(rec, input);
      } else {
        this.to.start(x.rec, x.input);
        this.file(y.rec, y.input);
        this.file(rec, input);
      }
    }
  }
}
