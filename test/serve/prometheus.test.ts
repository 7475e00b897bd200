import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { SummaryEvent } from "../../src/core/event.js";
import { BIN, ROOT } from "../cli/run.js";
import { haveProgram } from "../notify/system.js";
import { freePort } from "../input/syslog-run.js";
import { serving, type Serving } from "./http-run.js";

const PROMETHEUS = "/usr/bin/prometheus";
const PROMTOOL = "/usr/bin/promtool";
const havePrometheus = haveProgram(PROMETHEUS, "prometheus") && haveProgram(PROMTOOL, "prometheus");
const POLL = { timeout: 60_000, interval: 250 };

const processes: (ChildProcess | Serving)[] = [];
afterEach(() => {
  for (const p of processes.splice(0)) ("run" in p ? p.run.proc : p).kill("SIGKILL");
});

/** `logmon prometheus-rules` with `args`, as text. */
function rules(args: string[]): string {
  return execFileSync(process.execPath, [BIN, "prometheus-rules", ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });
}

/** A Prometheus HTTP API query's vector, as { instance: value }. */
async function query(base: string, promql: string): Promise<Record<string, number>> {
  const res = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await res.json()) as {
    data: { result: { metric: { instance?: string }; value: [number, string] }[] };
  };
  return Object.fromEntries(
    body.data.result.map((r) => [r.metric.instance ?? "", Number(r.value[1])]),
  );
}

describe.runIf(havePrometheus)("fleet alerting through a real Prometheus", () => {
  it("passes promtool check rules, for the built-in rule and the example config", () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-promtool-"));
    for (const [name, args] of [
      ["plain.yml", ["-m", "10", "-w", "10s"]],
      ["example.yml", ["--config", "examples/logmon.yaml"]],
    ] as const) {
      writeFileSync(join(dir, name), rules([...args]));
      const out = execFileSync(PROMTOOL, ["check", "rules", join(dir, name)], { encoding: "utf8" });
      expect(out).toMatch(/SUCCESS: [1-9]\d* rules found/);
    }
  });

  it("scrapes two logmons whose counters equal their summaries; the fleet rule fires while neither alerts", async () => {
    const instances: { s: Serving; gen: ChildProcess }[] = [];
    for (const seed of ["1", "2"]) {
      const s = await serving(["-", "--json", "-m", "10", "-w", "10s", "-i", "5s"]);
      const gen = spawn(process.execPath, [BIN, "generate", "--rate", "7", "--seed", seed], {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "ignore"],
      });
      gen.stdout.pipe(s.run.proc.stdin as NodeJS.WritableStream);
      processes.push(s, gen);
      instances.push({ s, gen });
    }
    const dir = mkdtempSync(join(tmpdir(), "logmon-prometheus-"));
    writeFileSync(join(dir, "rules.yml"), rules(["-m", "10", "-w", "10s"]));
    const targets = instances.map(({ s }) => s.base.replace("http://", ""));
    writeFileSync(
      join(dir, "prometheus.yml"),
      [
        "global: { scrape_interval: 1s, evaluation_interval: 1s }",
        "rule_files: [rules.yml]",
        "scrape_configs:",
        `  - { job_name: logmon, static_configs: [{ targets: [${targets.map((t) => `"${t}"`).join(", ")}] }] }`,
        "",
      ].join("\n"),
    );
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(dir, "prometheus.yml")}`,
        `--storage.tsdb.path=${join(dir, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
        "--rules.alert.resend-delay=1s",
      ],
      { stdio: "ignore" },
    );
    processes.push(prometheus);
    const ok = (path: string) =>
      fetch(`${base}${path}`).then(
        (r) => r.status,
        () => 0,
      );
    await expect.poll(() => ok("/-/ready"), POLL).toBe(200);
    await expect
      .poll(async () => Object.values(await query(base, "up")).filter((v) => v === 1).length, POLL)
      .toBe(2);
    const firing = async () => {
      const res = (await (await fetch(`${base}/api/v1/alerts`)).json()) as {
        data: { alerts: { labels: { alertname: string }; state: string }[] };
      };
      return res.data.alerts.some(
        (a) => a.labels.alertname === "LogmonHighTraffic" && a.state === "firing",
      );
    };
    await expect.poll(firing, POLL).toBe(true);
    // Each alone stays under its threshold: no alert from either logmon.
    for (const { s } of instances) {
      expect(s.run.events().filter((e) => e.type === "alert")).toEqual([]);
      expect(((await s.get("/api/v1/status")).body as { firing: unknown[] }).firing).toEqual([]);
    }
    // The traffic stops; each logmon writes its summary and keeps serving its end state.
    for (const { gen } of instances) gen.kill("SIGTERM");
    for (const { s } of instances)
      await expect.poll(() => s.run.events().some((e) => e.type === "summary"), POLL).toBe(true);
    const expected = Object.fromEntries(
      instances.map(({ s }) => {
        const summary = s.run.events().find((e) => e.type === "summary") as unknown as SummaryEvent;
        return [s.base.replace("http://", ""), summary.totals];
      }),
    );
    const want = (f: (t: SummaryEvent["totals"]) => number) =>
      Object.fromEntries(Object.entries(expected).map(([k, t]) => [k, f(t)]));
    await expect
      .poll(() => query(base, "sum by (instance) (logmon_requests_total)"), POLL)
      .toEqual(want((t) => t.hits));
    expect(await query(base, 'sum by (instance) (logmon_lines_total{result="parsed"})')).toEqual(
      want((t) => t.lines.parsed),
    );
    expect(await query(base, "sum by (instance) (logmon_response_bytes_total)")).toEqual(
      want((t) => t.bytes),
    );
    expect(
      await query(base, 'sum by (instance) (logmon_requests_total{status_class="5xx"})'),
    ).toEqual(want((t) => t.status_class["5xx"]));
  }, 120_000);
});
