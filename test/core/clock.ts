import type { Clock } from "../../src/core/clock.js";

/** A clock that tests move explicitly. */
export class ManualClock implements Clock {
  constructor(private ms = 0) {}

  nowMs(): number {
    return this.ms;
  }

  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.ms += ms;
  }
}
