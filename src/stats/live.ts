import type { Clock } from "../core/clock.js";

/**
 * Log time for live following. While input flows, log time is the lines' own; once input goes
 * quiet, it moves on with the wall clock from the newest line (anchored to that line, never
 * compared with the local clock, so a server whose clock is hours off still works); before any
 * line, it is the wall clock's own (for a flatline rule on a log that never had a line). Asked on
 * every tick with a running count of bytes read, it answers the log second reached, or null
 * while bytes are still arriving (so a fast replay through a pipe stays deterministic).
 */
export class LiveTime {
  private anchorLog: number | null = null;
  private anchorWallMs = 0;
  private bytesSeen = -1;
  private lineSeen: number | null = null;

  constructor(private readonly clock: Clock) {}

  /** The log second the wall clock has reached since input went quiet, or null. */
  now(lastLineTime: number | null, bytesRead: number): number | null {
    const wall = this.clock.nowMs();
    if (bytesRead !== this.bytesSeen || this.anchorLog === null || lastLineTime !== this.lineSeen) {
      this.bytesSeen = bytesRead;
      this.lineSeen = lastLineTime;
      // Before any line, log time is the wall clock's (what a flatline rule is judged by).
      this.anchorLog = lastLineTime ?? Math.floor(wall / 1000);
      this.anchorWallMs = wall;
      return null;
    }
    return this.anchorLog + Math.floor((wall - this.anchorWallMs) / 1000);
  }
}
