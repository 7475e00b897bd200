import { createServer } from "node:net";
import { expect } from "vitest";
import type { SummaryEvent } from "../../src/core/event.js";
import { startLogmon, type Running } from "../cli/live.js";

/** Polling for real I/O: generous deadline, short steps. */
export const POLL = { timeout: 30_000, interval: 50 };

/** A logmon receiving syslog, and the URLs it listens on (ports given by the system). */
export interface Receiver {
  run: Running;
  urls: string[];
  /** The port of the n-th listener. */
  port(n: number): number;
  /** Lines read so far, by the newest report's totals. */
  read(): number;
  /** SIGTERM, then the summary (exit 143 checked). */
  stop(): Promise<SummaryEvent>;
}

/**
 * Starts `logmon --json -i 1s` with `--listen` for each URL (port 0 picks a free one), and waits
 * until it says it listens (`listeners` times: more when the config names some).
 */
export async function receive(
  urls: string[],
  args: string[] = [],
  listeners = urls.length,
): Promise<Receiver> {
  const run = startLogmon([...urls.flatMap((u) => ["--listen", u]), "--json", "-i", "1s", ...args]);
  const listening = () =>
    [...run.stderr().matchAll(/listening on (\S+) \(syslog\)/g)].map((m) => m[1] as string);
  await expect.poll(() => listening().length, POLL).toBe(listeners);
  const bound = listening();
  return {
    run,
    urls: bound,
    port: (n) => Number(/:(\d+)$/.exec(bound[n] as string)?.[1]),
    read: () => {
      const reports = run.events().filter((e) => e.type === "report");
      const last = reports[reports.length - 1] as unknown as SummaryEvent | undefined;
      return last?.totals.lines.read ?? 0;
    },
    stop: async () => {
      run.proc.kill("SIGTERM");
      expect(await run.exited).toBe(143);
      const summary = run.events().find((e) => e.type === "summary");
      expect(summary).toBeDefined();
      return summary as unknown as SummaryEvent;
    },
  };
}

/** A TCP port free right now on 127.0.0.1 (for servers that must be told one). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Per input name, the lines read and parsed, from a summary. */
export function byInput(summary: SummaryEvent): Record<string, [number, number, number]> {
  return Object.fromEntries(
    summary.totals.files.map((f) => [f.file, [f.read, f.parsed, f.invalid]]),
  );
}
