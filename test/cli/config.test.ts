import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AlertLine, MonitorEvent } from "../../src/core/event.js";
import { logmon } from "./run.js";

/** A config file with `text` in a fresh folder. */
function config(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "logmon-config-")), "logmon.yaml");
  writeFileSync(file, text);
  return file;
}

describe("the config file", () => {
  it("examples/logmon.yaml is valid", async () => {
    const r = await logmon(["config", "check", "--config", "examples/logmon.yaml"]);
    expect(r).toMatchObject({
      code: 0,
      stderr: "",
      stdout: "examples/logmon.yaml: valid (6 rules)\n",
    });
  });

  it.each([
    ["bad YAML", "max: [1, 2\n", /^logmon: \S+:2:1: /],
    [
      "an unknown key",
      "max: 10\nwindwo: 2m\n",
      /^logmon: \S+:2:1: unknown key "windwo" in the config \(known: files, listen, filter, run_stats, report, keep_query, site_host, max, window, /,
    ],
    [
      "a bad duration",
      "window: soon\n",
      /^logmon: \S+:1:9: window: must be a duration like 10s, 2m or 1h$/,
    ],
    ["a bad number", "max: lots\n", /^logmon: \S+:1:6: max: /],
    [
      "a bad regular expression",
      "rules:\n  - { name: r, kind: rate, max: 1, match: { host: '(' } }\n",
      /^logmon: \S+:2:51: host \(: not an address, a CIDR or a regular expression: /,
    ],
    [
      "a rule without a kind",
      "rules:\n  - name: r\n    max: 1\n",
      /^logmon: \S+:2:5: rule r needs a kind: rate, ratio or latency$/,
    ],
    [
      "two rules of one name",
      "rules:\n  - { name: r, kind: rate, max: 1 }\n  - { name: r, kind: rate, max: 2 }\n",
      /^logmon: \S+:3:13: a second rule named r$/,
    ],
    [
      "an unknown key in a rule",
      "rules:\n  - { name: r, kind: rate, max: 1, treshold: 2 }\n",
      /^logmon: \S+:2:36: unknown key "treshold" in a rule/,
    ],
    [
      "a ratio above 1",
      "rules:\n  - { name: r, kind: ratio, max: 5 }\n",
      /^logmon: \S+:2:34: max of rule r must be a number from 0 to 1$/,
    ],
    [
      "an unknown placeholder",
      "rules:\n  - { name: r, kind: rate, max: 1, message: 'at {when}' }\n",
      /unknown placeholder \{when\}/,
    ],
  ])("%s: one line with file:line:col, exit 2", async (_what, text, expected) => {
    const file = config(text);
    const check = await logmon(["config", "check", "--config", file]);
    expect(check.code).toBe(2);
    expect(check.stdout).toBe("");
    expect(check.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(check.stderr.trimEnd()).toMatch(expected);
    const run = await logmon(["--replay", "--config", file, "fixtures/combined.log"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(check.stderr);
  });

  it("reports every problem of a file at once, each on its line", async () => {
    const file = config("max: -1\nwindow: 0s\nrules:\n  - { name: r, kind: rate }\n");
    const r = await logmon(["config", "check", "--config", file]);
    expect(r.code).toBe(2);
    expect(
      r.stderr
        .split("\n")
        .filter(Boolean)
        .map((l) => l.replace(file, "F")),
    ).toEqual([
      "logmon: F:1:6: max: the threshold must be a number of requests/second, 0 or more",
      "logmon: F:2:9: window: must be between 1s and 7d",
      "logmon: F:4:5: rule r needs max or min",
    ]);
  });

  it("a missing file is one line, exit 2", async () => {
    const r = await logmon(["config", "check", "--config", "/nonexistent/logmon.yaml"]);
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toBe(
      "logmon: cannot read config /nonexistent/logmon.yaml: no such file or directory\n",
    );
  });

  it("sets what the command line sets; a flag on the command line wins", async () => {
    const file = config(
      "files: [fixtures/combined.log]\nmax: 2\nwindow: 30s\ninterval: 1m\njson: true\n",
    );
    const fromConfig = await logmon(["--replay", "--config", file]);
    const events = fromConfig.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as MonitorEvent);
    const alerts = events.filter((e): e is AlertLine => e.type === "alert");
    expect(alerts.map((a) => [a.time, a.hits, a.threshold, a.window_s])).toEqual([
      ["2026-11-21T08:01:10Z", 64, 2, 30],
    ]);
    expect(events.find((e) => e.type === "report")).toMatchObject({ seconds: 60 });
    const overridden = await logmon(["--replay", "--config", file, "-m", "100"]);
    expect(overridden.stdout).not.toContain('"type":"alert"');
  });

  it("runs its rules beside the built-in one, which high_traffic: false turns off", async () => {
    const rules =
      "rules:\n  - { name: errors, kind: ratio, match: { status: [4xx, 5xx] }, max: 0.05, min_hits: 20, window: 30s }\n";
    const file = config(
      `files: [fixtures/combined.log]\nmax: 2\nwindow: 30s\njson: true\n${rules}`,
    );
    const both = await logmon(["--replay", "--config", file]);
    const kinds = (text: string) =>
      text
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l) as MonitorEvent)
        .filter((e): e is AlertLine => e.type === "alert")
        .map((a) => `${a.rule}@${a.time.slice(11, 19)}`);
    expect(kinds(both.stdout)).toEqual([
      "errors@08:00:19",
      "high_traffic@08:01:10",
      "errors@08:01:27",
      "errors@08:03:54",
    ]);
    const off = config(`files: [fixtures/combined.log]\nhigh_traffic: false\njson: true\n${rules}`);
    expect(kinds((await logmon(["--replay", "--config", off])).stdout)).toEqual([
      "errors@08:00:19",
      "errors@08:01:27",
      "errors@08:03:54",
    ]);
  });
});

describe("match: as a --filter expression", () => {
  it("decides as the mapping it says, and a bad one is refused naming its character", async () => {
    const alerts = async (match: string) => {
      const rule = `rules:\n  - { name: errors, kind: ratio, match: ${match}, max: 0.05, min_hits: 20, window: 30s }\n`;
      const file = config(
        `files: [fixtures/combined.log]\nhigh_traffic: false\njson: true\n${rule}`,
      );
      const r = await logmon(["--replay", "--config", file]);
      expect(r.stderr).toBe("");
      return r.stdout
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l) as MonitorEvent)
        .filter((e): e is AlertLine => e.type === "alert" || e.type === "recover")
        .map((a) => `${a.type}@${a.time.slice(11, 19)} ${a.value}`);
    };
    const mapping = await alerts("{ status: [4xx, 5xx] }");
    expect(mapping.length).toBeGreaterThan(2);
    expect(await alerts("'status >= 400'")).toEqual(mapping);
    expect(await alerts("'status == 4xx or status == 5xx'")).toEqual(mapping);
    const expr = config("rules:\n  - { name: e, kind: rate, max: 1, match: 'status >= 500' }\n");
    const promRules = await logmon(["prometheus-rules", "--config", expr]);
    expect(promRules.stdout).toMatch(/# .*e.*its match is an expression \("status >= 500"\)/);
    const bad = config("rules:\n  - { name: r, kind: rate, max: 1, match: 'status >= ' }\n");
    const r = await logmon(["config", "check", "--config", bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      ":2:43: the match of rule r: at character 11: a value for status expected at the end",
    );
  });
});

describe("a flatline rule following a log that stays empty", () => {
  it("fires by the live clock, with no line at all", async () => {
    const { startLogmon } = await import("./live.js");
    const dir = mkdtempSync(join(tmpdir(), "logmon-flatline-"));
    const log = join(dir, "access.log");
    writeFileSync(log, "");
    const file = config("rules:\n  - { name: down, kind: rate, min: 0.5, window: 2s }\n");
    const run = startLogmon(["-f", log, "--json", "--config", file]);
    await expect
      .poll(() => run.events().map((e) => e.type), { timeout: 20_000, interval: 100 })
      .toContain("alert");
    const alert = run.events().find((e) => e.type === "alert") as unknown as AlertLine;
    expect(alert).toMatchObject({ rule: "down", hits: 0, value: 0 });
    run.proc.kill("SIGINT");
    expect(await run.exited).toBe(130);
  });
});

describe("rules on the full path and the user agent", () => {
  it("match path and user_agent by regular expression, whatever --threads says", async () => {
    const rules = [
      "rules:",
      "  - { name: curl, kind: rate, match: { user_agent: '^curl/' }, max: 0.2, window: 30s }",
      "  - { name: orders, kind: rate, match: { path: '^/api/orders/\\d+$' }, max: 0.2, window: 30s }",
    ].join("\n");
    const file = config(
      `files: [fixtures/combined.log]\njson: true\nhigh_traffic: false\n${rules}\n`,
    );
    for (const threads of ["1", "2"]) {
      const r = await logmon(["--replay", "--threads", threads, "--config", file]);
      expect(r.stderr).toBe("");
      const alerts = r.stdout
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l) as MonitorEvent)
        .filter((e): e is AlertLine => e.type === "alert");
      expect(new Set(alerts.map((a) => a.rule))).toEqual(new Set(["curl", "orders"]));
    }
  });

  it("a path pattern that does not compile is a config error with its place", async () => {
    const file = config("rules:\n  - { name: r, kind: rate, max: 1, match: { path: '[' } }\n");
    const r = await logmon(["config", "check", "--config", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/:2:51: path \[: Invalid regular expression/);
  });
});

describe("a latency rule on a format without request times", () => {
  it("says so after the run instead of staying silent", async () => {
    const file = config(
      "files: [fixtures/combined.log]\njson: true\nrules:\n  - { name: slow, kind: latency, max: 100 }\n",
    );
    const r = await logmon(["--replay", "--config", file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^logmon: rule slow: none of its \d+ requests carried a request time: the log's format has none .*so it could not fire\n$/,
    );
    const timed = config(
      "files: [fixtures/formats/nginx-timed.log]\njson: true\nrules:\n  - { name: slow, kind: latency, max: 100 }\n",
    );
    const format = readFileSync("fixtures/formats/nginx-timed.format", "utf8").trim();
    const ok = await logmon(["--replay", "--format", format, "--config", timed]);
    expect(ok.stderr).toBe("");
  });
});

describe("a grouped rule's key is log text", () => {
  it("is shown escaped in plain text, and kept as it is in NDJSON", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-hostile-key-"));
    const log = join(dir, "access.log");
    const line =
      '10.0.0.1 - - [21/Nov/2026:08:00:00 +0000] "GET /a\rBcc: x\u001b[2J HTTP/1.1" 200 1\n';
    writeFileSync(log, line.repeat(30));
    const file = config(
      `files: [${log}]\nhigh_traffic: false\nrules:\n  - { name: r, kind: rate, group_by: section, max: 1, window: 5s }\n`,
    );
    const plain = await logmon(["--replay", "--plain", "--config", file]);
    expect(plain.stdout).toContain("r [/a\\x0dBcc: x\\x1b[2J]: 6 req/s");
    expect(plain.stdout.includes("\r") || plain.stdout.includes("\u001b")).toBe(false);
    const json = await logmon(["--replay", "--json", "--config", file]);
    const alert = json.stdout
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as MonitorEvent)
      .find((e): e is AlertLine => e.type === "alert");
    expect(alert?.key).toBe("/a\rBcc: x\u001b[2J");
  });
});
