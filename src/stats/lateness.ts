/**
 * How far behind the newest timestamp lines still arrive, in seconds: the time a second waits
 * before it is judged. Given (--lateness), or learned from the log as the largest lag seen so
 * far among lines at most a window behind: a line later than that could not be waited for in
 * every window it belongs to, so one slow request logged minutes late does not hold every
 * alert back a whole window; it counts as late. On a log in timestamp order it stays 0, and
 * every second is judged as soon as a later one is seen.
 */
export class Lateness {
  private learned = 0;

  constructor(
    /** A fixed lateness, or null to learn it. */
    private readonly fixed: number | null,
    private readonly cap: number,
  ) {}

  /** The lateness in use. */
  get seconds(): number {
    return this.fixed ?? this.learned;
  }

  /** A line arrived `lag` seconds behind the newest timestamp. */
  observe(lag: number): void {
    if (this.fixed === null && lag > this.learned && lag <= this.cap) this.learned = lag;
  }
}
