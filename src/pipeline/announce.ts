import type { InputStatus } from "../core/types.js";

/** A path missing for less than this (the instant of a rename rotation) is not announced, ms. */
export const WAIT_NOTICE_MS = 1000;

function stateMessage(path: string, state: InputStatus["state"], detail: string): string {
  if (state === "waiting") return `logmon: waiting for ${path} (${detail})\n`;
  if (state === "error") return `logmon: cannot read ${path}: ${detail} (retrying)\n`;
  return `logmon: following ${path}\n`;
}

/**
 * Keeps each input's state for the header, and tells the user on stderr when a path is missing
 * or unreadable and when it is back; a path missing only for the instant of a rotation is not
 * worth a line.
 */
export class InputStates {
  private readonly states = new Map<string, InputStatus>();
  private readonly seen = new Set<string>();
  private readonly told = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  /** `write` gets the notices; null keeps them off stderr (the dashboard shows states itself). */
  constructor(private readonly write: ((text: string) => void) | null) {}

  /** Every input and its state, in the order first named. */
  all(): InputStatus[] {
    return [...this.states.values()];
  }

  /** An input as it stands before it says anything (not announced). */
  declare(status: InputStatus): void {
    this.states.set(status.path, status);
  }

  /**
   * An input's new state, announced when worth it. A file found by a pattern that is "gone" is
   * dropped from the list; a pattern's files are not announced as missing (they come and go).
   */
  set(path: string, state: InputStatus["state"] | "gone", detail: string, matched = false): void {
    if (state === "gone") {
      this.forget(path);
      return;
    }
    this.states.set(path, detail === "" ? { path, state } : { path, state, detail });
    if (state === "listening") {
      if (!this.seen.has(path)) this.write?.(`logmon: listening on ${path} (syslog)\n`);
      this.seen.add(path);
      return;
    }
    if (matched && state === "waiting") return;
    if (state === "waiting" || state === "error" || state === "following") {
      this.announce(path, state, detail);
    }
  }

  private forget(path: string): void {
    clearTimeout(this.timers.get(path));
    this.timers.delete(path);
    this.states.delete(path);
    this.seen.delete(path);
    this.told.delete(path);
  }

  /** Stops pending notices. */
  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private tell(path: string, state: InputStatus["state"], detail: string): void {
    this.write?.(stateMessage(path, state, detail));
    if (state === "following") this.told.delete(path);
    else this.told.add(path);
  }

  private announce(path: string, state: InputStatus["state"], detail: string): void {
    clearTimeout(this.timers.get(path));
    this.timers.delete(path);
    const first = !this.seen.has(path);
    this.seen.add(path);
    if (state === "following") {
      if (this.told.has(path)) this.tell(path, state, detail);
    } else if (state === "waiting" && !first) {
      const timer = setTimeout(() => this.tell(path, state, detail), WAIT_NOTICE_MS).unref();
      this.timers.set(path, timer);
    } else {
      this.tell(path, state, detail);
    }
  }
}
