/**
 * When interval reports are cut, in log time: intervals are aligned to multiples of the
 * interval, the first starts at the first line's second, and an idle stretch of whole empty
 * intervals becomes a single report.
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

  /** A report was cut at `end`: the next starts there. */
  cut(end: number): void {
    this.start = end;
    this.end = this.alignDown(end) + this.intervalS;
  }

  /**
   * Log time jumps to `t` over seconds with nothing in the window: the ends of the reports to cut
   * (the one under way if it read anything, then the empty stretch as one), in order.
   */
  idleCuts(t: number, intervalEmpty: boolean): number[] {
    if (this.end > t) return [];
    const cuts: number[] = [];
    if (!intervalEmpty) cuts.push(this.end);
    const current = this.alignDown(t);
    if ((cuts.length > 0 ? this.end : this.start) < current) cuts.push(current);
    return cuts;
  }

  private alignDown(t: number): number {
    return t - (((t % this.intervalS) + this.intervalS) % this.intervalS);
  }
}
