/** Lines of live tails in one message at most, and its size in bytes (UTF-8). */
export const MAX_LINES = 20;
export const MAX_BYTES = 4096;
/** Shortest time between two tail messages to one JID, ms. */
export const SEND_EVERY_MS = 1000;
/** Room kept in a message for the skip notice. */
const NOTICE_BYTES = 48;
/** A line longer than this is cut (with "…") so that one line never fills a message. */
const LINE_BYTES = 1024;

function cut(line: string): string {
  if (Buffer.byteLength(line) <= LINE_BYTES) return line;
  let s = line.slice(0, LINE_BYTES);
  while (Buffer.byteLength(s) > LINE_BYTES - 3) s = s.slice(0, -1);
  return `${s}…`;
}

/**
 * The live-tail lines waiting for one JID: at most one message a second, of at most 20 lines and
 * 4 KiB. When the logs outrun that, the oldest waiting lines give way and are counted, and the
 * message says "… N lines skipped" before the newest ones.
 */
export class TailOutbox {
  private readonly lines: string[] = [];
  private bytes = 0;
  private skipped = 0;
  private lastSentMs = -Infinity;

  /** Lines given in all, and skipped in all. */
  added = 0;
  skippedTotal = 0;

  /** A line to send (already safe chat text). */
  add(line: string): void {
    const text = cut(line);
    this.lines.push(text);
    this.bytes += Buffer.byteLength(text) + 1;
    this.added++;
    while (this.lines.length > MAX_LINES || this.bytes > MAX_BYTES - NOTICE_BYTES) {
      const dropped = this.lines.shift() as string;
      this.bytes -= Buffer.byteLength(dropped) + 1;
      this.skipped++;
      this.skippedTotal++;
    }
  }

  /** Whether anything waits. */
  get waiting(): boolean {
    return this.lines.length > 0 || this.skipped > 0;
  }

  /** The message due at `nowMs`, or null (nothing waits, or one was sent less than a second ago). */
  take(nowMs: number): string | null {
    if (!this.waiting || nowMs - this.lastSentMs < SEND_EVERY_MS) return null;
    const body = [
      ...(this.skipped > 0 ? [`… ${this.skipped} lines skipped`] : []),
      ...this.lines,
    ].join("\n");
    this.lines.length = 0;
    this.bytes = 0;
    this.skipped = 0;
    this.lastSentMs = nowMs;
    return body;
  }
}
