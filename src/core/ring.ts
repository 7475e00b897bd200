/**
 * Per-second slots of log time in a ring indexed by the second itself, judged up to an end
 * second: the window is the `seconds` seconds ending there; seconds after it (read ahead, up to
 * `ahead + 1`) are kept until the end reaches them. Subclasses hold what a slot counts and say
 * what a second joining or leaving the window does; this keeps the slots and the stepping.
 */
export abstract class SecondRing {
  protected readonly size: number;
  private readonly tags: Float64Array;
  /** The last judged second; NaN until the first add or advance. */
  protected end = NaN;

  constructor(
    readonly seconds: number,
    /** How far past the end seconds may be counted (the lateness allowed, at most). */
    readonly ahead: number,
  ) {
    this.size = seconds + ahead + 1;
    this.tags = new Float64Array(this.size).fill(NaN);
  }

  /** The last judged second, or NaN before any. */
  get judged(): number {
    return this.end;
  }

  /** Judges up to second `t` (never backwards): the window now ends there. */
  advanceTo(t: number): void {
    if (Number.isNaN(this.end)) this.end = t;
    if (t <= this.end) return;
    if (t - this.end >= this.size) {
      this.end = t;
      this.restart(t);
      return;
    }
    while (this.end < t) {
      this.end++;
      this.enter(this.end);
      this.leave(this.end - this.seconds);
    }
  }

  /**
   * The slot of second `t`, cleared if it held an older second; -1 when `t` is outside what the
   * ring can hold (older than the window, or too far ahead).
   */
  protected slotToAdd(t: number): number {
    if (Number.isNaN(this.end)) this.end = t - 1;
    if (t <= this.end - this.seconds || t > this.end + this.ahead + 1) return -1;
    const slot = this.slotOf(t);
    if (this.tags[slot] !== t) {
      this.tags[slot] = t;
      this.clear(slot);
    }
    return slot;
  }

  /** The slot holding second `t`, or -1 when it holds another second. */
  protected slotHolding(t: number): number {
    const slot = this.slotOf(t);
    return this.tags[slot] === t ? slot : -1;
  }

  /** The tag of a slot (the second it holds, or NaN). */
  protected tagOf(slot: number): number {
    return this.tags[slot] as number;
  }

  /** Second `t` joins the window. */
  protected abstract enter(t: number): void;
  /** Second `t` leaves the window. */
  protected abstract leave(t: number): void;
  /** Empties a slot for a new second. */
  protected abstract clear(slot: number): void;
  /** The end jumped to `t` past every slot: recount the window (and what is read ahead). */
  protected abstract restart(t: number): void;

  private slotOf(t: number): number {
    const slot = t % this.size;
    return slot < 0 ? slot + this.size : slot;
  }
}
