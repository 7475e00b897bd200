/** Commands a JID may send per second; more are dropped. */
export const COMMANDS_PER_S = 5;
/** How often a stranger is told "not authorized", ms. */
export const STRANGER_EVERY_MS = 3600_000;
/** Strangers remembered (the oldest forgotten first), so a flood of addresses cannot fill memory. */
const MAX_STRANGERS = 10_000;

/**
 * At most COMMANDS_PER_S commands per JID in any second. A JID over the limit is told so at most
 * once per ten seconds; what it sent is dropped (and counted).
 */
export class CommandLimit {
  private readonly recent = new Map<string, number[]>();
  private readonly toldMs = new Map<string, number>();
  dropped = 0;

  /** "ok", "drop" (over the limit), or "tell" (over the limit, and due a notice). */
  check(jid: string, nowMs: number): "ok" | "drop" | "tell" {
    const times = (this.recent.get(jid) ?? []).filter((t) => nowMs - t < 1000);
    if (times.length < COMMANDS_PER_S) {
      times.push(nowMs);
      this.recent.set(jid, times);
      return "ok";
    }
    this.recent.set(jid, times);
    this.dropped++;
    const told = this.toldMs.get(jid);
    if (told !== undefined && nowMs - told < 10_000) return "drop";
    this.toldMs.set(jid, nowMs);
    return "tell";
  }
}

/** Messages from JIDs not in `users`: counted; each told "not authorized" at most once an hour. */
export class Strangers {
  private readonly toldMs = new Map<string, number>();
  attempts = 0;

  /** Whether this attempt gets the reply. */
  attempt(jid: string, nowMs: number): boolean {
    this.attempts++;
    const told = this.toldMs.get(jid);
    if (told !== undefined && nowMs - told < STRANGER_EVERY_MS) return false;
    this.toldMs.delete(jid);
    this.toldMs.set(jid, nowMs);
    if (this.toldMs.size > MAX_STRANGERS) {
      this.toldMs.delete(this.toldMs.keys().next().value as string);
    }
    return true;
  }
}
