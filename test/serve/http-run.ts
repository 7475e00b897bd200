import { expect } from "vitest";
import { startLogmon, type Running } from "../cli/live.js";

/** Polling for real I/O: generous deadline, short steps. */
export const POLL = { timeout: 30_000, interval: 50 };

/** A logmon serving HTTP, and how to ask it. */
export interface Serving {
  run: Running;
  base: string;
  get(
    path: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: unknown; text: string }>;
}

/** Starts logmon with `--http 127.0.0.1:0` and `args`; resolves once it says where it serves. */
export async function serving(
  args: string[],
  env: Record<string, string> = {},
  /** A command that runs logmon (`bash -c 'ulimit -n 200; exec "$0" "$@"'`). */
  wrapper: string[] = [],
): Promise<Serving> {
  const run = startLogmon(["--http", "127.0.0.1:0", ...args], wrapper, env);
  const where = () => /serving (http:\/\/127\.0\.0\.1:\d+)\//.exec(run.stderr())?.[1];
  await expect.poll(where, POLL).toBeDefined();
  const base = where() as string;
  return {
    run,
    base,
    get: async (path, headers = {}) => {
      const res = await fetch(`${base}${path}`, { headers });
      const text = await res.text();
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
      return { status: res.status, body, text };
    },
  };
}
