/** Alerts and recoveries kept per run; beyond this the oldest are dropped and counted. */
export const HISTORY_CAPACITY = 10_000;

/**
 * Every alert and recovery of the run (as the monitor decided them, or as an output received
 * them), oldest first, bounded with an honest count of what fell off.
 */
export class AlertHistory<T> {
  private events: T[] = [];
  private droppedCount = 0;

  constructor(private readonly capacity = HISTORY_CAPACITY) {}

  /** How many of the oldest events were dropped to stay within capacity. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Appends an event. */
  push(event: T): void {
    this.events.push(event);
    if (this.events.length > this.capacity * 2) this.trim();
  }

  /** The kept events, oldest first. */
  all(): T[] {
    this.trim();
    return [...this.events];
  }

  private trim(): void {
    const excess = this.events.length - this.capacity;
    if (excess <= 0) return;
    this.events = this.events.slice(excess);
    this.droppedCount += excess;
  }
}
