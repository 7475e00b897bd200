/**
 * Hit counts per second of log time, in a ring indexed by the second itself, judged up to an
 * end second: `hits` is the requests of the `seconds` seconds ending at `end`. Seconds after the
 * end (lines read before their second is judged, up to `ahead` seconds) are kept and join the
 * total as the end reaches them; a line for a second already judged but still inside the window
 * joins it at once. Memory is fixed by the window and `ahead`, whatever the traffic.
 */
export class RateWindow {
  private readonly counts: Float64Array;
  private readonly tags: Float64Array;
  private readonly size: number;
  private total = 0;
  /** The last judged second; NaN until the first add or advance. */
  private end = NaN;

  constructor(
    readonly seconds: number,
    /** How far past the end seconds may be counted (the lateness allowed, at most). */
    readonly ahead = 0,
  ) {
    this.size = seconds + ahead + 1;
    this.counts = new Float64Array(this.size);
    this.tags = new Float64Array(this.size).fill(NaN);
  }

  /** Requests in the window ending at the judged second. */
  get hits(): number {
    return this.total;
  }

  /** The last judged second, or NaN before any. */
  get judged(): number {
    return this.end;
  }

  /**
   * Counts one request at second `t`; false when `t` is outside what the window can hold (older
   * than the window at the judged second, or more than `ahead` past it), where it is not counted.
   */
  add(t: number): boolean {
    if (Number.isNaN(this.end)) this.end = t - 1;
    if (t <= this.end - this.seconds || t > this.end + this.ahead + 1) return false;
    const slot = this.slotOf(t);
    if (this.tags[slot] !== t) {
      this.tags[slot] = t;
      this.counts[slot] = 0;
    }
    this.counts[slot] = (this.counts[slot] as number) + 1;
    if (t <= this.end) this.total++;
    return true;
  }

  /** Judges up to second `t` (never backwards): the window now ends there. */
  advanceTo(t: number): void {
    if (Number.isNaN(this.end)) this.end = t;
    if (t <= this.end) return;
    if (t - this.end >= this.size) {
      this.end = t;
      this.total = 0;
      for (let s = t - this.seconds + 1; s <= t; s++) this.total += this.count(s);
      return;
    }
    while (this.end < t) {
      this.end++;
      this.total += this.count(this.end) - this.count(this.end - this.seconds);
    }
  }

  /** The first second after the judged one with a count, or null (the quiet stretch before it may be skipped). */
  nextCounted(): number | null {
    let first: number | null = null;
    for (let slot = 0; slot < this.size; slot++) {
      const t = this.tags[slot] as number;
      if (t > this.end && (this.counts[slot] as number) > 0 && (first === null || t < first)) {
        first = t;
      }
    }
    return first;
  }

  /** Hits of each second from `end - seconds + 1` to `end`, oldest first (for charts). */
  series(end: number): number[] {
    const out: number[] = [];
    for (let t = end - this.seconds + 1; t <= end; t++) out.push(this.count(t));
    return out;
  }

  private count(t: number): number {
    const slot = this.slotOf(t);
    return this.tags[slot] === t ? (this.counts[slot] as number) : 0;
  }

  private slotOf(t: number): number {
    const slot = t % this.size;
    return slot < 0 ? slot + this.size : slot;
  }
}
