/**
 * When interval reports are cut, in log time: intervals are aligned to multiples of the
 * interval, the first starts at the first line's second, and a stretch of whole empty intervals
 * becomes a single report.
 */
export class ReportSchedule {
  /** Start of the report being built (epoch seconds). */
  start = 0;
  /** Where the report being built is due to end. */
  private end = 0;

  constructor(private readonly intervalS: number) {}

  /** The first line's second starts the first report. */
  begin(t: number): void {
    this.start = t;
    this.end = this.alignDown(t) + this.intervalS;
  }

  /** Whether the report is due once second `second` is complete. */
  dueAfter(second: number): boolean {
    return second + 1 === this.end;
  }

  /** The report under way read nothing and is due: it goes on to the next interval's end instead. */
  postpone(): void {
    this.end += this.intervalS;
  }

  /** A report was cut at `end`: the next starts there. */
  cut(end: number): void {
    this.start = end;
    this.end = this.alignDown(end) + this.intervalS;
  }

  /**
   * Log time reaches `t` (its line not counted yet): the ends of the reports to cut first, in
   * order: the one under way if it is due and read something, then the stretch of empty
   * intervals before t's own as a single report, however long (a gap of days is one report).
   */
  cutsBefore(t: number, intervalEmpty: boolean): number[] {
    const cuts: number[] = [];
    if (this.end <= t && !intervalEmpty) cuts.push(this.end);
    const from = cuts.length > 0 ? this.end : this.start;
    const current = this.alignDown(t);
    if (from < current && (cuts.length > 0 || intervalEmpty)) cuts.push(current);
    return cuts;
  }

  private alignDown(t: number): number {
    return t - (((t % this.intervalS) + this.intervalS) % this.intervalS);
  }
}
