/** The only way the program reads the wall clock, so tests can drive time by hand. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  nowMs(): number;
}
