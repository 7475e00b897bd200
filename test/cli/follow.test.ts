import { appendFileSync, chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SummaryEvent } from "../../src/core/event.js";
import { clfLines, startLogmon, type Running } from "./live.js";

function tempLog(): string {
  const dir = mkdtempSync(join(tmpdir(), "logmon-cli-"));
  chmodSync(dir, 0o755);
  return join(dir, "access.log");
}

function summaryOf(run: Running): SummaryEvent {
  return run.events().find((e) => e.type === "summary") as unknown as SummaryEvent;
}

const POLL = { timeout: 20_000, interval: 50 };
const T = Date.UTC(2026, 10, 21, 8, 0, 0) / 1000;

describe("logmon -f: following a live file", () => {
  it("counts appended lines, and on SIGINT flushes the summary and exits 130", async () => {
    const log = tempLog();
    writeFileSync(log, clfLines(T, 10));
    const run = startLogmon(["-f", log, "--json", "--from-start", "-i", "1s"]);
    appendFileSync(log, clfLines(T + 1, 15));
    await expect.poll(() => run.events().map((e) => e.type), POLL).toContain("report");
    appendFileSync(log, clfLines(T + 1, 5));
    await expect
      .poll(() => run.events().filter((e) => e.type === "report").length, POLL)
      .toBeGreaterThan(1);
    run.proc.kill("SIGINT");
    expect(await run.exited).toBe(130);
    expect(summaryOf(run).totals.lines.read).toBe(30);
  });

  it("exits 143 on SIGTERM, after the summary", async () => {
    const log = tempLog();
    writeFileSync(log, clfLines(T, 3));
    const run = startLogmon(["-f", log, "--plain", "--from-start", "-i", "1s"]);
    await expect.poll(() => run.stdout(), POLL).toContain("hits");
    run.proc.kill("SIGTERM");
    expect(await run.exited).toBe(143);
    expect(run.stdout()).toContain("Summary");
    expect(run.stdout()).toContain("3 read");
  });

  it("--idle-exit stops by itself after that long without a new line", async () => {
    const log = tempLog();
    writeFileSync(log, clfLines(T, 4));
    const run = startLogmon(["-f", log, "--json", "--from-start", "--idle-exit", "1s"]);
    expect(await run.exited).toBe(0);
    expect(summaryOf(run).totals.lines.read).toBe(4);
  });

  it("recovers an alert by the wall clock when traffic stops entirely", async () => {
    const log = tempLog();
    writeFileSync(log, "");
    const run = startLogmon(["-f", log, "--json", "-m", "1", "-w", "3s", "-i", "1s"]);
    const now = Math.floor(Date.now() / 1000);
    appendFileSync(log, clfLines(now, 10));
    await expect.poll(() => run.events().map((e) => e.type), POLL).toContain("recover");
    const alerts = run.events().filter((e) => e.type === "alert" || e.type === "recover");
    expect(alerts.map((e) => [e.type, e.hits])).toEqual([
      ["alert", 10],
      ["recover", 0],
    ]);
    run.proc.kill("SIGINT");
    await run.exited;
  });

  it.each([
    ["backfill (default)", [], 252],
    ["--from-start", ["--from-start"], 1200],
    ["--from-end", ["--from-end"], 0],
  ])("start-up %s reads the expected lines", async (_name, flags, expected) => {
    const log = tempLog();
    let content = "";
    for (let s = 0; s < 600; s++) content += clfLines(T + s, 2);
    writeFileSync(log, content);
    const run = startLogmon(["-f", log, "--json", ...flags, "--idle-exit", "1s"]);
    expect(await run.exited).toBe(0);
    expect(summaryOf(run).totals.lines.read).toBe(expected);
  });

  it("waits for a file that does not exist yet and says so", async () => {
    const log = tempLog();
    const run = startLogmon(["-f", log, "--json"]);
    await expect
      .poll(() => run.stderr(), POLL)
      .toContain(`logmon: waiting for ${log} (no such file or directory)`);
    writeFileSync(log, clfLines(T, 7));
    await expect.poll(() => run.stderr(), POLL).toContain(`logmon: following ${log}`);
    run.proc.kill("SIGINT");
    await run.exited;
    expect(summaryOf(run).totals.lines.read).toBe(7);
  });

  it("retries a file it may not read, and reads it from byte 0 once allowed", async () => {
    const log = tempLog();
    writeFileSync(log, clfLines(T, 5));
    chmodSync(log, 0);
    // Root reads any file: run as nobody (setpriv execs, so signals reach logmon itself).
    const asUser =
      process.getuid?.() === 0
        ? ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]
        : [];
    const run = startLogmon(["-f", log, "--json"], asUser);
    await expect
      .poll(() => run.stderr(), POLL)
      .toContain(`cannot read ${log}: permission denied (retrying)`);
    chmodSync(log, 0o644);
    await expect.poll(() => run.stderr(), POLL).toContain(`logmon: following ${log}`);
    run.proc.kill("SIGINT");
    await run.exited;
    expect(summaryOf(run).totals.lines.read).toBe(5);
    expect(summaryOf(run).totals.source.read_errors).toBe(1);
  });

  it("reads a live stdin as it comes, and ends with it", async () => {
    const run = startLogmon(["-", "--json", "-i", "1s"]);
    run.proc.stdin?.write(clfLines(T, 5));
    run.proc.stdin?.write(clfLines(T + 2, 5));
    await expect
      .poll(() => run.events().filter((e) => e.type === "report").length, POLL)
      .toBeGreaterThanOrEqual(2);
    run.proc.stdin?.end(clfLines(T + 3, 1));
    expect(await run.exited).toBe(0);
    expect(summaryOf(run).totals.lines.read).toBe(11);
  });
});
