/**
 * When interval reports are cut, in log time: intervals are aligned to multiples of the
 * interval, the first starts at the first line's second, and a stretch of whole empty intervals
 * becomes a single report.
 */
export class ReportSchedule {
  /** Start of the report being built (epoch seconds). */
  start = 0;
  /** Where the report being built is due to end. */
  private due = 0;

  constructor(private readonly intervalS: number) {}

  /** The first line's second starts the first report. */
  begin(t: number): void {
    this.start = t;
    this.due = this.alignDown(t) + this.intervalS;
  }

  /** Where the report being built is due to end: lines stamped from here on belong to later ones. */
  get end(): number {
    return this.due;
  }

  /** The start of the aligned interval second `t` is in. */
  intervalOf(t: number): number {
    return this.alignDown(t);
  }

  /** Whether the report is due once second `second` is complete. */
  dueAfter(second: number): boolean {
    return second + 1 === this.due;
  }

  /**
   * The report under way read nothing and is due: it goes on to the next interval's end instead.
   * Returns the start of the interval it takes in (whose lines, read ahead, are now its own).
   */
  postpone(): number {
    const taken = this.due;
    this.due += this.intervalS;
    return taken;
  }

  /** A report was cut at `end`: the next starts there. */
  cut(end: number): void {
    this.start = end;
    this.due = this.alignDown(end) + this.intervalS;
  }

  /**
   * Log time reaches `t` (its line not counted yet): the ends of the reports to cut first, in
   * order: the one under way if it is due and read something, then the stretch of empty
   * intervals before t's own as a single report, however long (a gap of days is one report).
   */
  cutsBefore(t: number, intervalEmpty: boolean): number[] {
    const cuts: number[] = [];
    if (this.due <= t && !intervalEmpty) cuts.push(this.due);
    const from = cuts.length > 0 ? this.due : this.start;
    const current = this.alignDown(t);
    if (from < current && (cuts.length > 0 || intervalEmpty)) cuts.push(current);
    return cuts;
  }

  private alignDown(t: number): number {
    return t - (((t % this.intervalS) + this.intervalS) % this.intervalS);
  }
}
