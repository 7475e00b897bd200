import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { AlertLine, MonitorEvent, ReportEvent, SummaryEvent } from "../../src/core/event.js";
import { BIN, logmon, ROOT, shell } from "./run.js";

const FIXTURE = "fixtures/combined.log";
const ARGS = ["--replay", FIXTURE, "-m", "2", "-w", "30s", "-i", "30s", "--top", "3"];
const golden = (name: string) => readFileSync(`${ROOT}/fixtures/golden/${name}`, "utf8");
const events = (ndjson: string) =>
  ndjson
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as MonitorEvent);

describe("logmon --replay on the Combined fixture", () => {
  it.each(["1", "2"])(
    "writes the golden NDJSON, byte for byte, on every run (--threads %s)",
    async (threads) => {
      const first = await logmon([...ARGS, "--json", "--threads", threads]);
      const second = await logmon([...ARGS, "--json", "--threads", threads]);
      expect(first.stderr).toBe("");
      expect(first.code).toBe(0);
      expect(first.stdout).toBe(golden("combined.ndjson"));
      expect(second.stdout).toBe(first.stdout);
    },
  );

  it("writes the same NDJSON on two threads as on one, the golden's but for the whole run", async () => {
    const one = await logmon([...ARGS, "--json", "--no-run-stats", "--threads", "1"]);
    const two = await logmon([...ARGS, "--json", "--no-run-stats", "--threads", "2"]);
    expect(one.stdout).toBe(golden("combined.ndjson").replace(/,"run":\{.*\}(?=\}\n$)/, ""));
    expect(two.stdout).toBe(one.stdout);
  });

  it("writes the golden plain text with --plain", async () => {
    const r = await logmon([...ARGS, "--plain"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(golden("combined.txt"));
  });

  it("alerts and recovers at the seconds computed independently from the fixture", async () => {
    const all = events((await logmon([...ARGS, "--json"])).stdout);
    const alerts = all.filter((e): e is AlertLine => e.type === "alert" || e.type === "recover");
    expect(alerts.map((a) => [a.type, a.time, a.hits])).toEqual([
      ["alert", "2026-11-21T08:01:10Z", 64],
      ["recover", "2026-11-21T08:02:19Z", 59],
    ]);
    expect(alerts[0]?.message).toBe(
      "High traffic generated an alert - hits = 64, triggered at 2026-11-21T08:01:10Z",
    );
    expect(alerts[1]).toMatchObject({
      message: "Traffic recovered - hits = 59, recovered at 2026-11-21T08:02:19Z",
      since: "2026-11-21T08:01:10Z",
      duration_s: 69,
      threshold: 2,
      window_s: 30,
    });
  });

  it("accounts for every line: reports add up to the totals, and parsed + unparsed = read", async () => {
    const all = events((await logmon([...ARGS, "--json"])).stdout);
    const reports = all.filter((e): e is ReportEvent => e.type === "report");
    const summary = all.at(-1) as SummaryEvent;
    const lineCount = readFileSync(`${ROOT}/${FIXTURE}`, "utf8").trimEnd().split("\n").length;
    expect(summary.type).toBe("summary");
    expect(summary.totals.lines.read).toBe(lineCount);
    expect(summary.totals.lines.parsed + summary.totals.lines.invalid).toBe(lineCount);
    expect(reports.reduce((n, r) => n + r.hits, 0)).toBe(summary.totals.hits);
    expect(reports.reduce((n, r) => n + r.lines.read, 0)).toBe(lineCount);
    expect(summary.totals.errors).toEqual({
      bad_bytes: 1,
      bad_timestamp: 1,
      empty: 1,
      no_timestamp: 1,
    });
    // Late: the line 140 s behind, and two that came out of order before the lateness (3 s)
    // was learned from them.
    expect(summary.totals.lines).toMatchObject({ late: 3, skew: 1 });
    expect(summary.lateness_s).toBe(3);
    expect(summary.error_samples.map((s) => [s.reason, s.line])).toEqual([
      ["no_timestamp", 37],
      ["bad_timestamp", 39],
      ["empty", 41],
      ["bad_bytes", 43],
    ]);
  });

  it.each(["1", "2"])(
    "replays a named pipe (process substitution) like the file (--threads %s)",
    async (threads) => {
      const r = await shell("bash", [
        "-c",
        `"${process.execPath}" "${BIN}" --replay <(cat ${FIXTURE}) -m 2 -w 30s -i 30s --top 3 --json --threads ${threads} --no-run-stats`,
      ]);
      expect(r.stderr).toBe("");
      expect(r.stdout.replace(/\/dev\/fd\/\d+/g, FIXTURE)).toBe(
        golden("combined.ndjson").replace(/,"run":\{.*\}(?=\}\n$)/, ""),
      );
    },
  );

  it("reads the same from standard input with -", async () => {
    const fromFile = await logmon([...ARGS, "--json"]);
    const fromStdin = await logmon(
      ["-", "-m", "2", "-w", "30s", "-i", "30s", "--top", "3", "--json"],
      readFileSync(`${ROOT}/${FIXTURE}`),
    );
    expect(fromStdin.code).toBe(0);
    const named = fromStdin.stdout
      .replaceAll('"source":"-"', `"source":"${FIXTURE}"`)
      .replaceAll('"file":"-"', `"file":"${FIXTURE}"`);
    expect(named).toBe(fromFile.stdout);
  });

  it("reads piped standard input when no file is named", async () => {
    const r = await logmon(["--json", "-m", "2", "-w", "30s"], readFileSync(`${ROOT}/${FIXTURE}`));
    expect(r.code).toBe(0);
    expect((events(r.stdout).at(-1) as SummaryEvent).totals.lines.read).toBe(404);
  });
});
