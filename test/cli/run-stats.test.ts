import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SummaryEvent } from "../../src/core/event.js";
import type { RunRow } from "../../src/core/run.js";
import { logmon } from "./run.js";

const FIXTURE = "fixtures/combined.log";

/**
 * Each line of the fixture that parses, read without logmon (lines 37–43 do not: fixtures/README.md),
 * its path as logmon names it: query dropped, an absolute-form target reduced to its path, "(none)"
 * for a "-" or empty request, "(invalid)" for one that is not a request line.
 */
function requests() {
  const out = [];
  const re =
    /^(?:\S+:\d+ )?(\S+) \S+ \S+ \[[^\]]+\] "((?:[^"\\]|\\.)*)" (\d{3}) (\d+|-)(?: "([^"]*)" "((?:[^"\\]|\\.)*)")?/;
  for (const line of readFileSync(FIXTURE, "utf8").split("\n")) {
    const m = re.exec(line);
    if (m === null || line.includes("31/Nov")) continue;
    const [, host = "", request = "", status = "", , referrer = "", agent = ""] = m;
    const target = /^[A-Z]+ (\S+)/.exec(request)?.[1];
    const path =
      request === "-" || request === ""
        ? "(none)"
        : target === undefined
          ? "(invalid)"
          : (target.replace(/^https?:\/\/[^/]*/, "").split("?")[0] ?? "");
    out.push({ host, path, status: Number(status), referrer, agent });
  }
  return out;
}

/** The `n` most frequent values, as logmon lists them (ties in any order: compared as counts). */
function counts(values: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

function expectRows(rows: RunRow[], truth: Map<string, number>, n: number) {
  expect(rows.length).toBe(Math.min(n, truth.size));
  for (const r of rows) expect(r.hits).toBe(truth.get(r.key));
  const least = Math.min(...rows.map((r) => r.hits));
  for (const [key, hits] of truth) if (hits > least) expect(rows.map((r) => r.key)).toContain(key);
}

async function run(args: string[]): Promise<SummaryEvent> {
  const r = await logmon(["--replay", "--json", "--run-stats", "--top", "5", ...args, FIXTURE]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "{}") as SummaryEvent;
}

describe("--run-stats: the whole run in the summary", () => {
  it("gives the top paths, 404s, error paths, hosts, status codes and visitors the log holds", async () => {
    const s = await run([]);
    const q = requests();
    expect(s.totals.hits).toBe(q.length);
    const r = s.run;
    if (r === undefined) throw new Error("no run object");
    expectRows(r.paths, counts(q.map((x) => x.path)), 5);
    expectRows(r.not_found, counts(q.filter((x) => x.status === 404).map((x) => x.path)), 5);
    expectRows(r.paths_5xx, counts(q.filter((x) => x.status >= 500).map((x) => x.path)), 5);
    expectRows(r.hosts, counts(q.map((x) => x.host)), 5);
    expect(r.status).toEqual(Object.fromEntries(counts(q.map((x) => String(x.status)))));
    expect(r.hours.reduce((a, b) => a + b, 0)).toBe(q.length);
    expect(r.days.reduce((a, d) => a + d.hits, 0)).toBe(q.length);
    const exact = new Set(q.map((x) => `${x.host} ${x.agent.replace(/\\"/g, '"')}`)).size;
    const visitors = r.days.reduce((a, d) => a + d.visitors, 0);
    expect(Math.abs(visitors - exact) / exact).toBeLessThanOrEqual(3 * r.visitors_error);
    expectRows(
      r.referrers,
      counts(q.filter((x) => x.referrer !== "-" && x.referrer !== "").map((x) => x.referrer)),
      5,
    );
  });

  it("leaves the site's own referrers out with --site-host; on by default, absent with --no-run-stats", async () => {
    const s = await run(["--site-host", "Example.com"]);
    expect(s.run?.referrers).toEqual([]);
    const byDefault = await logmon(["--replay", "--json", FIXTURE]);
    expect(byDefault.stdout).toContain('"run":{"paths":[{"key":"/api/users","hits":72}');
    const without = await logmon(["--replay", "--json", "--no-run-stats", FIXTURE]);
    expect(without.stdout).not.toContain('"run"');
    expect(without.stdout.split("\n").length).toBe(byDefault.stdout.split("\n").length);
    const config = join(mkdtempSync(join(tmpdir(), "logmon-run-")), "logmon.yaml");
    writeFileSync(config, "run_stats: false\n");
    const fromConfig = await logmon(["--replay", "--json", "--config", config, FIXTURE]);
    expect(fromConfig.stdout).toBe(without.stdout);
    const refused = await logmon([
      "--replay",
      "--no-run-stats",
      "--report",
      "/tmp/x.html",
      FIXTURE,
    ]);
    expect([refused.code, refused.stderr]).toEqual([
      2,
      "logmon: --report needs the whole-run statistics: drop --no-run-stats\n",
    ]);
  });

  it("prints the lists in the plain summary", async () => {
    const r = await logmon(["--replay", "--plain", "--run-stats", "--top", "3", FIXTURE]);
    expect(r.stdout).toContain(
      "\n  whole run\n    paths      /api/users 72 · /api/orders 51 · /pages/home 31\n",
    );
    expect(r.stdout).toMatch(/\n {4}visitors {3}2026-11-21 \d+ \(399 hits\)/);
  });
});
