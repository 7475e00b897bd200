/** How a rule's condition turns into alerts: how long it must hold, and where it recovers. */
export interface ConditionSpec {
  /** Alert above this value (rate, share, milliseconds), if set. */
  max: number | null;
  /** Alert below this value (a flatline), if set. */
  min: number | null;
  /** The condition must hold this many seconds (`for:`) before the alert fires. */
  forS: number;
  /** A firing "above max" alert recovers at or below this (hysteresis); default `max`. */
  recoverBelow: number | null;
}

/** What one second decided for one key. */
export type Step = "alert" | "recover" | null;

/**
 * One key's alert state over the seconds a rule judges: firing or not, and since when the
 * condition has held (for `for:`). A value is "breached" above max or below min; a firing alert
 * recovers when the value is back at or below `recoverBelow` (or max) and at or above min.
 */
export class Condition {
  /** When the firing alert was raised, or null. */
  since: number | null = null;
  /** When the condition started to hold without firing yet, or null. */
  private holding: number | null = null;

  constructor(private readonly spec: ConditionSpec) {}

  /** Whether the rule is neither firing nor counting towards `for:`. */
  get idle(): boolean {
    return this.since === null && this.holding === null;
  }

  /** Judges second `t` with `value`; `eligible` false (too few requests) never breaches. */
  step(t: number, value: number, eligible = true): Step {
    const { max, min, forS, recoverBelow } = this.spec;
    if (this.since === null) {
      const breached = eligible && ((max !== null && value > max) || (min !== null && value < min));
      if (!breached) {
        this.holding = null;
        return null;
      }
      this.holding ??= t;
      if (t - this.holding < forS) return null;
      this.holding = null;
      this.since = t;
      return "alert";
    }
    const below = max === null || !eligible || value <= (recoverBelow ?? max);
    const above = min === null || value >= min;
    if (!(below && above)) return null;
    this.since = null;
    return "recover";
  }
}
