import type { AlertEvent } from "../core/types.js";

/** Alerts and recoveries kept per run; beyond this the oldest are dropped and counted. */
export const HISTORY_CAPACITY = 10_000;

/** Every alert and recovery of the run, oldest first, bounded with an honest count of what fell off. */
export class AlertHistory {
  private events: AlertEvent[] = [];
  private droppedCount = 0;

  constructor(private readonly capacity = HISTORY_CAPACITY) {}

  /** How many of the oldest events were dropped to stay within capacity. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Appends an event. */
  push(event: AlertEvent): void {
    this.events.push(event);
    if (this.events.length > this.capacity * 2) this.trim();
  }

  /** The kept events, oldest first. */
  all(): AlertEvent[] {
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
