/** The only way the program reads the wall clock, so tests can drive time by hand. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  nowMs(): number;
}

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
