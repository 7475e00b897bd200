import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MonitorEvent, SummaryEvent } from "../../src/core/event.js";
import { clfLines, startLogmon } from "./live.js";
import { BIN, logmon, ROOT, shell } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "logmon-hostile-"));

function summaryOf(stdout: string): SummaryEvent {
  const events = stdout
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as MonitorEvent);
  return events.at(-1) as SummaryEvent;
}

const good = (i: number) =>
  JSON.stringify({ time: 1763712000 + i, status: 200, remote_addr: "10.0.0.1", request_uri: "/a" });

/** A JSON log where every other line has one hostile field. */
function hostileJson(): string {
  const bad = [
    { status: { toString: 1 } },
    { remote_addr: { toString: 1 } },
    { body_bytes_sent: 1e300 },
    { request_time: 1e308 },
    { time: 1e20 },
    { host: ["x"] },
  ];
  const lines: string[] = [];
  bad.forEach((fields, i) => {
    lines.push(good(i));
    lines.push(JSON.stringify({ ...JSON.parse(good(i)), ...fields }));
  });
  lines.push(good(10));
  return `${lines.join("\n")}\n`;
}

describe("hostile lines never stop a run", () => {
  const file = join(dir, "hostile.json.log");
  writeFileSync(file, hostileJson());

  it.each([["1"], ["2"]])(
    "--replay --threads %s counts every line and writes the summary",
    async (threads) => {
      const r = await logmon(["--replay", "--threads", threads, "--json", file, "--no-run-stats"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const s = summaryOf(r.stdout);
      expect(s.totals.lines).toMatchObject({ read: 13, parsed: 7, invalid: 6 });
      expect(s.totals.errors).toEqual({
        bad_bytes: 1,
        bad_field: 2,
        bad_latency: 1,
        bad_status: 1,
        bad_timestamp: 1,
      });
    },
  );

  it("standard input, followed, counts them too", async () => {
    const r = await logmon(["--json", "-"], hostileJson());
    expect(r.code).toBe(0);
    expect(summaryOf(r.stdout).totals.lines).toMatchObject({ read: 13, parsed: 7, invalid: 6 });
  });

  it("logmon check explains them", async () => {
    const r = await logmon(["check", "--json", file]);
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout) as { parsed: number; errors: { reason: string }[] };
    expect(result.parsed).toBe(7);
    expect(result.errors.map((e) => e.reason).sort()).toEqual([
      "bad_bytes",
      "bad_field",
      "bad_latency",
      "bad_status",
      "bad_timestamp",
    ]);
  });
});

describe("a named pipe or process substitution given without --replay", () => {
  it("<(cmd) is read as a stream to its end, like --replay", async () => {
    const r = await shell("bash", [
      "-c",
      `'${process.execPath}' '${BIN}' --json <(cat fixtures/combined.log)`,
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(summaryOf(r.stdout).totals.lines.read).toBe(404);
  });

  it("a FIFO whose writer comes later is waited for, then read to its end", async () => {
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    const run = logmon(["--json", fifo]);
    setTimeout(() => writeFileSync(fifo, readFileSync(join(ROOT, "fixtures/combined.log"))), 300);
    const r = await run;
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("not a regular file");
    expect(summaryOf(r.stdout).totals.lines.read).toBe(404);
  });
});

describe("a format without a status", () => {
  const file = join(dir, "nostatus.log");
  writeFileSync(
    file,
    "#Fields: date time cs-uri-stem\n2026-11-21 08:00:00 /a\n2026-11-21 08:00:01 /b\n",
  );

  it("counts its hits as status_other, so the classes and it add up to the hits", async () => {
    const r = await logmon(["--replay", "--json", file]);
    const s = summaryOf(r.stdout);
    expect(s.totals.hits).toBe(2);
    expect(Object.values(s.totals.status_class).reduce((a, b) => a + b, 0)).toBe(0);
    expect(s.totals.status_other).toBe(2);
    const report = JSON.parse(r.stdout.split("\n")[0] as string) as MonitorEvent;
    expect(report.type === "report" && report.status_other).toBe(2);
  });

  it("plain text says so", async () => {
    const r = await logmon(["--replay", "--plain", file]);
    expect(r.stdout).toContain("no status 100.0%");
  });
});

describe("a reader that does not keep up", () => {
  it("holds reading up when following, instead of piling output up in memory", async () => {
    const run = startLogmon(["--json", "-i", "1s", "-m", "1e9", "-"]);
    run.proc.stdout?.pause();
    // One line per second of log time: a report per line, about 1 KB of NDJSON each.
    const lines = 100_000;
    const chunk = (from: number) =>
      Array.from({ length: 1000 }, (_, i) => clfLines(1763712000 + from + i, 1)).join("");
    let accepted = 0;
    const started = Date.now();
    const stdin = run.proc.stdin as NonNullable<typeof run.proc.stdin>;
    for (let from = 0; from < lines && Date.now() - started < 3000; from += 1000) {
      const text = chunk(from);
      accepted += 1000;
      if (!stdin.write(text)) {
        const drained = await Promise.race([
          new Promise<boolean>((r) => stdin.once("drain", () => r(true))),
          new Promise<boolean>((r) => setTimeout(() => r(false), 3000 - (Date.now() - started))),
        ]);
        if (!drained) break;
      }
    }
    // Without waiting, logmon would have read every line by now (about 9 MB).
    expect(accepted).toBeLessThan(lines / 2);
    run.proc.stdout?.resume();
    for (let from = accepted; from < lines; from += 1000) {
      if (!stdin.write(chunk(from))) await new Promise((r) => stdin.once("drain", r));
    }
    stdin.end();
    expect(await run.exited).toBe(0);
    const summary = run.events().at(-1) as unknown as SummaryEvent;
    expect(summary.totals.lines.read).toBe(lines);
  });
});
