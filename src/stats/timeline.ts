import type { RunLine } from "../core/run.js";

/** Steps of the run's timeline, and how many of one it holds before moving to the next. */
const STEPS_S = [60, 3600, 86_400];
const MAX_STEPS = 10_080;

/** A timeline's counts as plain data that can cross to another thread. */
export interface TimelineState {
  step: number;
  steps: [number, number][];
}

/**
 * Requests per step of log time over the whole run: a minute per step, an hour past a week of
 * them, a day past a year, so it never holds more than MAX_STEPS steps.
 */
export class RunTimeline {
  /** Requests by step index (time / the step's seconds). */
  private steps = new Map<number, number>();
  private step = 0;
  /** The step of the last request, and its hits not yet in `steps` (most lines share it). */
  private lastStep = NaN;
  private lastStepHits = 0;

  /** One request at `t` (epoch seconds). */
  count(t: number): void {
    const at = Math.floor(t / (STEPS_S[this.step] as number));
    if (at === this.lastStep) {
      this.lastStepHits++;
      return;
    }
    this.flush();
    this.lastStep = at;
    this.lastStepHits = 1;
    if (!this.steps.has(at)) this.steps.set(at, 0);
    if (this.steps.size <= MAX_STEPS || this.step === STEPS_S.length - 1) return;
    this.flush();
    this.lastStep = NaN;
    const ratio = (STEPS_S[this.step + 1] as number) / (STEPS_S[this.step] as number);
    this.step++;
    const coarse = new Map<number, number>();
    for (const [k, n] of this.steps) {
      const c = Math.floor(k / ratio);
      coarse.set(c, (coarse.get(c) ?? 0) + n);
    }
    this.steps = coarse;
  }

  /** Forgets every request. */
  clear(): void {
    this.steps.clear();
    this.step = 0;
    this.lastStep = NaN;
    this.lastStepHits = 0;
  }

  /** The counts as plain data. */
  state(): TimelineState {
    this.flush();
    return { step: this.step, steps: [...this.steps] };
  }

  /** Counts from `state`, forgetting its own. */
  load(state: TimelineState): void {
    this.clear();
    this.step = state.step;
    this.steps = new Map(state.steps);
  }

  /**
   * The busiest span of at most 2 × MAX_STEPS steps: a clock-skewed line years away does not
   * stretch the chart (its hits are in the totals and days, not drawn).
   */
  line(): RunLine["timeline"] {
    this.flush();
    const step = STEPS_S[this.step] as number;
    const keys = [...this.steps.keys()];
    if (keys.length === 0) return { start: 0, step_s: step, hits: [] };
    keys.sort((a, b) => a - b);
    let [first, last, best, sum, from] = [keys[0] as number, keys[0] as number, 0, 0, 0];
    for (let to = 0; to < keys.length; to++) {
      sum += this.steps.get(keys[to] as number) as number;
      while ((keys[to] as number) - (keys[from] as number) > 2 * MAX_STEPS) {
        sum -= this.steps.get(keys[from++] as number) as number;
      }
      if (sum > best) [best, first, last] = [sum, keys[from] as number, keys[to] as number];
    }
    const hits = new Array<number>(last - first + 1).fill(0);
    for (const [k, n] of this.steps) if (k >= first && k <= last) hits[k - first] = n;
    return { start: first * step, step_s: step, hits };
  }

  /** Moves the last step's hits into `steps`. */
  private flush(): void {
    if (this.lastStepHits === 0) return;
    this.steps.set(this.lastStep, (this.steps.get(this.lastStep) ?? 0) + this.lastStepHits);
    this.lastStepHits = 0;
  }
}
