import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AlertLine, MonitorEvent, SummaryEvent } from "../../src/core/event.js";
import { startLogmon } from "./live.js";
import { BIN, logmon, ROOT, shell } from "./run.js";

const node = `'${process.execPath}' '${BIN}'`;

function events(ndjson: string): MonitorEvent[] {
  return ndjson
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as MonitorEvent);
}

function alerts(all: MonitorEvent[]): AlertLine[] {
  return all.filter((e): e is AlertLine => e.type === "alert" || e.type === "recover");
}

const seconds = (iso: string) => Date.parse(iso) / 1000;

/** Each scenario's alert, recovery (seconds from the start, hits) and lines, computed by hand. */
const TIMELINES: Record<string, [number, number, number, number, number]> = {
  "9-11-8.json": [210, 1202, 339, 1200, 4200],
  "incident.json": [93, 1210, 299, 1200, 5310],
};
const SCENARIOS = readdirSync(join(ROOT, "fixtures/scenarios")).sort();

describe("scenarios with a known alert timeline (generate --fast --seed, replayed)", () => {
  it("every scenario in fixtures/scenarios has its timeline here", () => {
    expect(SCENARIOS).toEqual(Object.keys(TIMELINES).sort());
  });

  it.each(SCENARIOS.map((file) => [file, ...(TIMELINES[file] ?? [NaN, NaN, NaN, NaN, NaN])]))(
    "%s: alert at +%is (%i hits), recovery at +%is (%i hits)",
    async (file, at, hits, back, backHits, lines) => {
      const r = await shell("bash", [
        "-c",
        `set -o pipefail; ${node} generate --fast --seed 7 --scenario fixtures/scenarios/${file} | ${node} --replay - --json -m 10 -w 2m`,
      ]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const all = events(r.stdout);
      const start = Date.UTC(2026, 0, 1) / 1000;
      expect(alerts(all).map((a) => [a.type, seconds(a.time) - start, a.hits])).toEqual([
        ["alert", at, hits],
        ["recover", back, backHits],
      ]);
      expect((all.at(-1) as SummaryEvent).totals.lines.parsed).toBe(lines);
    },
  );
});

describe("logmon generate, live", () => {
  it("--rates 5 20 5 --durations 60 180 120, sped up, piped into logmon: one alert and one recovery on time", async () => {
    const r = await shell("bash", [
      "-c",
      `set -o pipefail; ${node} generate --rates 5 20 5 --durations 60 180 120 --speed 100 | ${node} --json -m 10`,
    ]);
    expect(r.code).toBe(0);
    const all = events(r.stdout);
    const summary = all.at(-1) as SummaryEvent;
    const first = seconds(summary.first as string);
    const timeline = alerts(all).map((a) => [a.type, seconds(a.time) - first]);
    expect(timeline.map((t) => t[0])).toEqual(["alert", "recover"]);
    expect(Math.abs((timeline[0]?.[1] as number) - 105)).toBeLessThanOrEqual(2);
    expect(Math.abs((timeline[1]?.[1] as number) - 319)).toBeLessThanOrEqual(2);
    expect(summary.totals.lines.read).toBe(5 * 60 + 20 * 180 + 5 * 120);
  });

  it("exits quietly when the reader goes away", async () => {
    const r = await shell("bash", ["-c", `set -o pipefail; ${node} generate --rate 500 | head -1`]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\S+ - - \[/);
  });

  it("-o appends to a file", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "logmon-gen-")), "access.log");
    for (const seed of ["1", "2"]) {
      expect(
        (await logmon(["generate", "--fast", "--seed", seed, "--count", "10", "-o", file])).code,
      ).toBe(0);
    }
    expect(readFileSync(file, "utf8").trimEnd().split("\n")).toHaveLength(20);
  });

  it.each([
    [["--rate", "5", "--rates", "1"], "use one of --rate, --rates or --scenario"],
    [["--rates", "1", "2"], "--rates and --durations go together"],
    [["--rates", "1", "--durations", "10", "20"], "--rates has 1 values but --durations has 2"],
    [["--scenario", "/nonexistent.json"], "cannot read scenario /nonexistent.json"],
    [["--start", "yesterday"], "--start must be an ISO 8601 time"],
    [["--junk", "2"], "--junk must be between 0 and 1"],
    [["--format", "xml"], "--format"],
    [["--speed", "0"], "--speed must be a number above 0"],
    [["-o", "/nonexistent/dir/x.log", "--count", "1"], "cannot write /nonexistent/dir/x.log"],
  ])("generate %j is refused in one line", async (args, text) => {
    const r = await logmon(["generate", ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^logmon: [^\n]+\n$/);
    expect(r.stderr).toContain(text);
  });
});

describe("logmon demo", () => {
  it("shows the built-in incident: an alert, then its recovery (plain text when not on a terminal)", async () => {
    const run = startLogmon(["demo", "--speed", "60", "--seed", "3"]);
    await expect
      .poll(() => run.stdout(), { timeout: 20_000, interval: 100 })
      .toContain("Traffic recovered - hits = ");
    run.proc.kill("SIGINT");
    expect(await run.exited).toBe(130);
    const out = run.stdout();
    expect(out.indexOf("High traffic generated an alert - hits = ")).toBeLessThan(
      out.indexOf("Traffic recovered"),
    );
    expect(out).toContain("/checkout");
    expect(out).toContain("Summary");
  });
});
