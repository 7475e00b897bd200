import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { AlertLine, MonitorEvent } from "../../src/core/event.js";
import { POLL, serving, type Serving } from "./http-run.js";

const started: Serving[] = [];
afterEach(() => {
  for (const s of started.splice(0)) s.run.proc.kill("SIGKILL");
});

/** logmon following fixtures/combined.log from its start (-m 2 -w 30s: one alert, one recovery). */
async function fixture(extra: string[] = [], env: Record<string, string> = {}): Promise<Serving> {
  const s = await serving(
    ["-f", "fixtures/combined.log", "--from-start", "-m", "2", "-w", "30s", "--json", ...extra],
    env,
  );
  started.push(s);
  await expect.poll(() => s.run.events().filter((e) => e.type === "recover").length, POLL).toBe(1);
  return s;
}

const ALERT = "high_traffic@2026-11-21T08:01:10Z";
/** Lines 37, 39, 41 and 43 of the fixture do not parse (fixtures/README.md). */
const UNPARSED = new Set([37, 39, 41, 43]);
const MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

/** The fixture's parsed lines stamped in [from, to), epoch seconds, in file order: computed here, without logmon. */
function fixtureLines(from: number, to: number): string[] {
  return readFileSync("fixtures/combined.log", "utf8")
    .split("\n")
    .map((line) => line.replace(/\r$/, ""))
    .filter((line, i) => {
      if (UNPARSED.has(i + 1)) return false;
      const m = /\[(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)\]/.exec(line);
      if (m === null) return false;
      const [, d, mon, y, h, mi, s, sign, oh, om] = m as unknown as string[];
      const offset = (sign === "-" ? -1 : 1) * (Number(oh) * 3600 + Number(om) * 60);
      const t =
        Date.UTC(
          Number(y),
          MONTHS.indexOf(mon as string) / 3,
          Number(d),
          Number(h),
          Number(mi),
          Number(s),
        ) /
          1000 -
        offset;
      return t >= from && t < to;
    });
}

describe("the REST API", () => {
  it("status, alerts and reports say what the NDJSON said", async () => {
    const s = await fixture();
    const status = (await s.get("/api/v1/status")).body as Record<string, unknown>;
    expect(status).toMatchObject({ threshold: 2, window_s: 30, firing: [] });
    expect((status.totals as { lines: { read: number } }).lines.read).toBe(404);
    expect(status.inputs).toEqual([{ path: "fixtures/combined.log", state: "following" }]);
    const alerts = ((await s.get("/api/v1/alerts")).body as { alerts: AlertLine[] }).alerts;
    const events = s.run.events() as unknown as MonitorEvent[];
    expect(alerts).toEqual(
      events.filter((e) => e.type === "alert" || e.type === "recover").reverse(),
    );
    expect(
      ((await s.get("/api/v1/alerts?limit=1")).body as { alerts: AlertLine[] }).alerts.map(
        (a) => a.type,
      ),
    ).toEqual(["recover"]);
    const reports = (
      (await s.get("/api/v1/reports?since=2026-11-21T08:02:00Z")).body as {
        reports: { start: string }[];
      }
    ).reports;
    const since = events.flatMap((e) =>
      e.type === "report" && e.end > "2026-11-21T08:02:00Z" ? [e.start] : [],
    );
    expect(since.length).toBeGreaterThan(2);
    expect(reports.map((r) => r.start)).toEqual(since);
    const newest = (
      (await s.get("/api/v1/reports?since=2026-11-21T08:02:00Z&limit=2")).body as {
        reports: { start: string }[];
      }
    ).reports;
    expect(newest.map((r) => r.start)).toEqual(since.slice(-2));
  });

  it("context gives exactly the lines of the minutes around an alert, with their reports", async () => {
    const s = await fixture();
    const at = Date.UTC(2026, 10, 21, 8, 1, 10) / 1000;
    const r = await s.get(
      `/api/v1/alerts/${encodeURIComponent(ALERT)}/context?before=1m&after=30s`,
    );
    expect(r.status).toBe(200);
    const body = r.body as {
      from: string;
      to: string;
      complete: boolean;
      lines: { line: string; input: string }[];
      reports: { start: string }[];
    };
    expect(body).toMatchObject({
      from: "2026-11-21T08:00:10Z",
      to: "2026-11-21T08:01:40Z",
      complete: true,
    });
    expect(body.lines.map((l) => l.line)).toEqual(fixtureLines(at - 60, at + 30));
    expect(body.lines.length).toBeGreaterThan(100);
    expect(new Set(body.lines.map((l) => l.input))).toEqual(new Set(["fixtures/combined.log"]));
    // The reports of those minutes: every one that ends after `from` and starts before `to`.
    expect(body.reports.map((r) => r.start)).toEqual(
      (s.run.events() as unknown as MonitorEvent[]).flatMap((e) =>
        e.type === "report" && e.end > body.from && e.start < body.to ? [e.start] : [],
      ),
    );
    expect(body.reports.length).toBeGreaterThan(1);
    expect(
      (await s.get(`/api/v1/alerts/${encodeURIComponent("nope@2026-01-01T00:00:00Z")}/context`))
        .status,
    ).toBe(404);
  });

  it("a replay parsed on a second thread keeps the same lines: its batches carry their offsets", async () => {
    const s = await serving([
      "--replay",
      "fixtures/combined.log",
      "--threads",
      "2",
      "-m",
      "2",
      "-w",
      "30s",
      "--json",
    ]);
    started.push(s);
    await expect.poll(() => s.run.events().some((e) => e.type === "summary"), POLL).toBe(true);
    const at = Date.UTC(2026, 10, 21, 8, 1, 10) / 1000;
    const r = await s.get(
      `/api/v1/alerts/${encodeURIComponent(ALERT)}/context?before=1m&after=30s`,
    );
    const body = r.body as { complete: boolean; lines: { line: string }[] };
    expect(body.complete).toBe(true);
    expect(body.lines.map((l) => l.line)).toEqual(fixtureLines(at - 60, at + 30));
    const all = (await s.get("/api/v1/lines?limit=1000")).body as { lines: { line: string }[] };
    expect(all.lines.map((l) => l.line)).toEqual(fixtureLines(0, Infinity));
  });

  it("lines: a time range, a regular expression, the newest of a limit", async () => {
    const s = await fixture();
    const r = await s.get(
      "/api/v1/lines?from=2026-11-21T08:03:00Z&to=2026-11-21T08:04:00Z&match=%20404%20&limit=2",
    );
    const body = r.body as { lines: { line: string; time: string }[]; truncated: boolean };
    const all = fixtureLines(
      Date.UTC(2026, 10, 21, 8, 3) / 1000,
      Date.UTC(2026, 10, 21, 8, 4) / 1000,
    ).filter((l) => / 404 /.test(l));
    expect(body.lines.map((l) => l.line)).toEqual(all.slice(-2));
    expect(body.truncated).toBe(all.length > 2);
  });

  it("answers hostile queries with 400 and a JSON error, never a crash", async () => {
    const s = await fixture();
    for (const q of [
      "/api/v1/lines?match=(",
      `/api/v1/lines?match=${encodeURIComponent("(a)\\1")}`,
      `/api/v1/lines?match=${encodeURIComponent("(?<=GET) /")}`,
      `/api/v1/lines?match=${"a".repeat(300)}`,
      "/api/v1/lines?limit=99999999",
      "/api/v1/lines?limit=-1",
      "/api/v1/lines?from=yesterday",
      "/api/v1/reports?since=soon",
      `/api/v1/alerts/${encodeURIComponent(ALERT)}/context?before=10y`,
      "/api/v1/alerts/%E0%A4%A/context",
    ]) {
      const r = await s.get(q);
      expect({ q, status: r.status }).toEqual({ q, status: 400 });
      expect(typeof (r.body as { error: string }).error).toBe("string");
    }
    expect((await s.get("/api/v1/nothing")).status).toBe(404);
    expect((await fetch(`${s.base}/api/v1/status`, { method: "POST", body: "x" })).status).toBe(
      405,
    );
    expect((await s.get(`/api/v1/lines?x=${"y".repeat(5000)}`)).status).toBe(414);
    expect((await s.get("/api/v1/status")).status).toBe(200);
  });

  it("runs a match in linear time: a pattern that backtracks for ages cannot hold the reading", async () => {
    const s = await fixture();
    // On a backtracking engine each line's prefix up to its first quote could be split 2^40 ways.
    const evil = await s.get(`/api/v1/lines?match=${encodeURIComponent('^([^"]+ ?)+"{3}')}`);
    expect(evil.status).toBe(200);
    expect((evil.body as { lines: unknown[] }).lines).toEqual([]);
    const some = await s.get(
      `/api/v1/lines?limit=3&match=${encodeURIComponent('^([^"]+ ?)+"GET')}`,
    );
    expect((some.body as { lines: unknown[] }).lines).toHaveLength(3);
  });

  it("requires the bearer token from the environment variable the config names", async () => {
    const s = await fixture(["--http-token-env", "LOGMON_TEST_TOKEN"], {
      LOGMON_TEST_TOKEN: "s3cret",
    });
    expect((await s.get("/metrics")).status).toBe(401);
    expect((await s.get("/api/v1/status", { authorization: "Bearer wrong" })).status).toBe(401);
    expect((await s.get("/api/v1/status", { authorization: "Bearer s3cret" })).status).toBe(200);
    expect(s.run.stderr()).not.toContain("s3cret");
  });
});
