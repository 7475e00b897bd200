import { SecondRing } from "./ring.js";

/**
 * Hit counts per second of log time, judged up to an end second: `hits` is the requests of the
 * `seconds` seconds ending at the judged one. Seconds read ahead of it (lines read before their
 * second is judged, up to `ahead` seconds) are kept and join the total as the end reaches them;
 * a line for a second already judged but still inside the window joins it at once. Memory is
 * fixed by the window and `ahead`, whatever the traffic.
 */
export class RateWindow extends SecondRing {
  private readonly counts: Float64Array;
  private total = 0;
  /** Requests counted for seconds after the judged one. */
  private early = 0;

  constructor(seconds: number, ahead = 0) {
    super(seconds, ahead);
    this.counts = new Float64Array(this.size);
  }

  /** Requests in the window ending at the judged second. */
  get hits(): number {
    return this.total;
  }

  /** Requests held: in the window and read ahead of it (how busy a key is, for keeping it). */
  get held(): number {
    return this.total + this.early;
  }

  /**
   * Counts one request at second `t`; false when `t` is outside what the window can hold (older
   * than the window at the judged second, or more than `ahead` past it), where it is not counted.
   */
  add(t: number): boolean {
    const slot = this.slotToAdd(t);
    if (slot < 0) return false;
    this.counts[slot] = (this.counts[slot] as number) + 1;
    if (t <= this.end) this.total++;
    else this.early++;
    return true;
  }

  /** The first second after the judged one with a count, or null (the quiet stretch before it may be skipped). */
  nextCounted(): number | null {
    let first: number | null = null;
    for (let slot = 0; slot < this.size; slot++) {
      const t = this.tagOf(slot);
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

  protected enter(t: number): void {
    const n = this.count(t);
    this.early -= n;
    this.total += n;
  }

  protected leave(t: number): void {
    this.total -= this.count(t);
  }

  protected clear(slot: number): void {
    this.counts[slot] = 0;
  }

  protected restart(t: number): void {
    this.total = 0;
    this.early = 0;
    for (let s = t - this.seconds + 1; s <= t; s++) this.total += this.count(s);
    for (let s = t + 1; s <= t + this.ahead + 1; s++) this.early += this.count(s);
  }

  private count(t: number): number {
    const slot = this.slotHolding(t);
    return slot < 0 ? 0 : (this.counts[slot] as number);
  }
}
