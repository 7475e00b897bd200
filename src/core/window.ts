/**
 * Hit counts per second of log time over the last `seconds` seconds, in a ring indexed by the
 * second itself, with a running total. Memory is fixed by the window size, whatever the traffic.
 * The owner guarantees that each second is expired once, in order, before its slot is reused.
 */
export class RateWindow {
  private readonly counts: Float64Array;
  private readonly tags: Float64Array;
  private total = 0;

  constructor(readonly seconds: number) {
    this.counts = new Float64Array(seconds);
    this.tags = new Float64Array(seconds).fill(NaN);
  }

  /** Requests in the window. */
  get hits(): number {
    return this.total;
  }

  /** Counts one request at second `t`. */
  add(t: number): void {
    const slot = this.slotOf(t);
    if (this.tags[slot] !== t) {
      this.total -= this.counts[slot] as number;
      this.tags[slot] = t;
      this.counts[slot] = 0;
    }
    this.counts[slot] = (this.counts[slot] as number) + 1;
    this.total++;
  }

  /** Removes second `t` from the window, if it is still held. */
  expire(t: number): void {
    const slot = this.slotOf(t);
    if (this.tags[slot] !== t) return;
    this.total -= this.counts[slot] as number;
    this.counts[slot] = 0;
  }

  /** Hits of each second from `end - seconds + 1` to `end`, oldest first (for charts). */
  series(end: number): number[] {
    const out: number[] = [];
    for (let t = end - this.seconds + 1; t <= end; t++) {
      const slot = this.slotOf(t);
      out.push(this.tags[slot] === t ? (this.counts[slot] as number) : 0);
    }
    return out;
  }

  private slotOf(t: number): number {
    const slot = t % this.seconds;
    return slot < 0 ? slot + this.seconds : slot;
  }
}
