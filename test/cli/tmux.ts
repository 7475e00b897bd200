import { execFileSync } from "node:child_process";
import { afterAll } from "vitest";

/** How long a screen may take to show what a test waits for, and how often it is read. */
export const POLL = { timeout: 20_000, interval: 100 };

/**
 * A tmux server of the test file's own (killed after its tests): `tmux(...args)` runs a tmux
 * command on it and returns what it printed.
 */
export function tmuxServer(name: string): (...args: string[]) => string {
  const socket = `logmon-${name}-${process.pid}`;
  const tmux = (...args: string[]) =>
    execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
  afterAll(() => {
    try {
      tmux("kill-server");
    } catch {
      // Already gone.
    }
  });
  return tmux;
}
