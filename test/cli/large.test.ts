import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MonitorEvent, ReportEvent, SummaryEvent } from "../../src/core/event.js";
import { logmon } from "./run.js";

const JUNK = [
  "",
  "GET / HTTP/1.1",
  "\u0016\u0003\u0001\u0000\u00a5binary",
  '10.0.0.1 - - [99/Nov/2026:08:00:00 +0000] "GET / HTTP/1.1" 200 1',
  '10.0.0.1 - - [21/Nov/2026:08:00:00 +0000] "GET / HTTP/1.1" 2OO 1',
  '10.0.0.1 - - [21/Nov/2026:08:00:00 +0000] "GET / HTTP/1.1',
  "a b c d e f [x]",
];

describe("logmon --replay on a realistic log of 300,000 lines with junk mixed in", () => {
  it("finishes cleanly and counts every line as parsed or under a reason", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-"));
    const file = join(dir, "access.log");
    const lines: string[] = [];
    let junk = 0;
    const start = Date.UTC(2026, 10, 21, 0, 0, 0);
    for (let i = 0; i < 300_000; i++) {
      if (i % 97 === 13) {
        lines.push(JUNK[junk++ % JUNK.length] as string);
        continue;
      }
      const d = new Date(start + Math.floor(i / 40) * 1000);
      const stamp = `${String(d.getUTCDate()).padStart(2, "0")}/Nov/2026:${d.toISOString().slice(11, 19)} +0000`;
      const host = i % 5 === 0 ? `2001:db8::${i % 300}` : `10.0.${i % 7}.${i % 251}`;
      lines.push(
        `${host} - - [${stamp}] "GET /s${i % 50}/page?id=${i} HTTP/1.1" ${i % 31 === 0 ? 503 : 200} ${i % 9 === 0 ? "-" : i % 5000} "-" "agent/${i % 11}"`,
      );
    }
    writeFileSync(file, `${lines.join("\n")}\n`);

    const r = await logmon(["--replay", file, "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const events = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as MonitorEvent);
    const summary = events.at(-1) as SummaryEvent;
    expect(summary.totals.lines.read).toBe(300_000);
    expect(summary.totals.lines.invalid).toBe(junk);
    expect(summary.totals.lines.parsed).toBe(300_000 - junk);
    const reasons = Object.values(summary.totals.errors).reduce((a, b) => a + b, 0);
    expect(reasons).toBe(junk);
    const reports = events.filter((e): e is ReportEvent => e.type === "report");
    expect(reports.reduce((n, x) => n + x.hits, 0)).toBe(300_000 - junk);
    expect(summary.alerts.map((a) => a.type)).toEqual(["alert"]);
    expect(summary.alert_firing).toBe(true);
  });
});
