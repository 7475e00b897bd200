import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { get, type ClientRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { SummaryEvent } from "../../src/core/event.js";
import { BIN, ROOT } from "../cli/run.js";
import { clfLines } from "../cli/live.js";
import { POLL, serving, type Serving } from "./http-run.js";

const started: Serving[] = [];
afterEach(() => {
  for (const s of started.splice(0)) s.run.proc.kill("SIGKILL");
});

const T = Date.UTC(2026, 10, 21, 8, 0, 0) / 1000;

/** The value of a metric line `name{labels}` in Prometheus text, or undefined. */
function metric(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.split(" ")[1]);
}

describe("serving while reading", () => {
  it("streams every event over SSE as its NDJSON line, and /metrics agrees with the summary", async () => {
    const format =
      'log_format t \'$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time\';';
    const s = await serving(["-", "--json", "-i", "1s", "-m", "3", "-w", "5s", "--format", format]);
    started.push(s);
    const received: string[] = [];
    const stream = await fetch(`${s.base}/api/v1/events`);
    const reader = stream.body?.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    void (async () => {
      for (;;) {
        // The stream ends when logmon is stopped.
        if (reader === undefined) return;
        const chunk = await reader.read().catch(() => undefined);
        if (chunk === undefined || chunk.done) return;
        buffer += decoder.decode(chunk.value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (event.startsWith("data: ")) received.push(event.slice(6));
        }
      }
    })();
    let text = "";
    for (let t = 0; t < 30; t++)
      text += clfLines(T + t, t >= 10 && t < 20 ? 8 : 1, t % 2 === 0 ? "/a" : "/b");
    text = text.replaceAll("\n", " 0.010\n");
    text +=
      'x - - [21/Nov/2026:08:00:31 +0000] "GET /c HTTP/1.1" 503 7 "-" "t" 0.250\nnot a line\n';
    s.run.proc.stdin?.end(text);
    await expect.poll(() => s.run.events().some((e) => e.type === "summary"), POLL).toBe(true);
    const lines = s.run.stdout().trimEnd().split("\n");
    await expect.poll(() => received.length, POLL).toBe(lines.length);
    expect(received).toEqual(lines);
    expect(lines.some((l) => l.includes('"type":"alert"'))).toBe(true);
    // The input ended: logmon keeps serving its end state.
    const summary = s.run.events().find((e) => e.type === "summary") as unknown as SummaryEvent;
    const m = (await s.get("/metrics")).text;
    const t = summary.totals;
    expect(metric(m, 'logmon_requests_total{status_class="2xx"}')).toBe(t.status_class["2xx"]);
    expect(metric(m, 'logmon_requests_total{status_class="5xx"}')).toBe(t.status_class["5xx"]);
    expect(metric(m, 'logmon_lines_total{result="parsed"}')).toBe(t.lines.parsed);
    expect(metric(m, 'logmon_lines_total{result="invalid"}')).toBe(t.lines.invalid);
    expect(metric(m, "logmon_response_bytes_total")).toBe(t.bytes);
    expect(metric(m, 'logmon_input_lines_total{input="-"}')).toBe(t.lines.read);
    const sections = m.split("\n").filter((l) => l.startsWith("logmon_section_requests_total{"));
    expect(sections.reduce((sum, l) => sum + Number(l.split(" ")[1]), 0)).toBe(t.hits);
    expect(metric(m, "logmon_request_duration_seconds_count")).toBe(t.lines.parsed);
    expect(metric(m, 'logmon_request_duration_seconds_bucket{le="0.01"}')).toBe(t.lines.parsed - 1);
    expect(metric(m, 'logmon_request_duration_seconds_bucket{le="0.25"}')).toBe(t.lines.parsed);
    expect(metric(m, 'logmon_alert_firing{rule="high_traffic",key=""}')).toBe(
      summary.alert_firing ? 1 : 0,
    );
    expect(metric(m, "logmon_process_resident_memory_bytes")).toBeGreaterThan(1e6);
    expect(metric(m, "logmon_process_cpu_seconds_total")).toBeGreaterThan(0);
    expect(metric(m, "logmon_process_open_fds")).toBeGreaterThan(3);
    s.run.proc.kill("SIGTERM");
    expect(await s.run.exited).toBe(143);
  });

  it("1,000 event streams come and go without leaking file descriptors", async () => {
    const s = await serving(["-", "--json"]);
    started.push(s);
    const pid = s.run.proc.pid as number;
    const fds = () => readdirSync(`/proc/${pid}/fd`).length;
    const before = fds();
    const requests: ClientRequest[] = [];
    let open = 0;
    for (let i = 0; i < 1000; i++) {
      requests.push(
        get(`${s.base}/api/v1/events`, (res) => {
          open++;
          res.resume();
        }),
      );
    }
    await expect.poll(() => open, POLL).toBe(1000);
    expect(fds()).toBeGreaterThanOrEqual(before + 1000);
    for (const r of requests) r.destroy();
    await expect.poll(fds, POLL).toBeLessThanOrEqual(before + 2);
    expect((await s.get("/api/v1/status")).status).toBe(200);
  });

  it("takes connections up to half its open-file limit, so clients cannot starve reading", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-fds-"));
    const log = join(dir, "access.log");
    writeFileSync(log, clfLines(T, 5));
    // An open-file limit of 160: at most 80 connections, 64 of them event streams.
    const s = await serving(["-f", log, "--from-start", "--json", "-i", "1s"], {}, [
      "bash",
      "-c",
      'ulimit -n 160 && exec "$0" "$@"',
    ]);
    started.push(s);
    const port = Number(new URL(s.base).port);
    let closed = 0;
    const sockets = Array.from({ length: 150 }, () =>
      connect(port, "127.0.0.1").on("close", () => closed++),
    );
    await expect.poll(() => closed, POLL).toBe(150 - 80);
    // The log rotates while the 80 connections are held: its new file is opened and read.
    renameSync(log, `${log}.1`);
    writeFileSync(log, clfLines(T + 1, 7) + clfLines(T + 3, 1));
    const read = () =>
      s.run
        .events()
        .map((e) => (e as { totals?: { lines: { read: number } } }).totals?.lines.read ?? 0)
        .reduce((a, b) => Math.max(a, b), 0);
    await expect.poll(read, POLL).toBe(13);
    expect(closed).toBe(70);
    for (const socket of sockets) socket.destroy();
    // Once the server has seen them go, a new client is served.
    const status = async () => (await s.get("/api/v1/status").catch(() => null))?.status;
    await expect.poll(status, POLL).toBe(200);
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps its store of lines under --keep-lines while a million lines stream through", async () => {
    const s = await serving(["-", "--json", "--keep-lines", "1MiB", "-i", "1m"]);
    started.push(s);
    const gen = spawn(
      process.execPath,
      [BIN, "generate", "--fast", "--seed", "3", "--count", "1000000"],
      {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    gen.stdout.pipe(s.run.proc.stdin as NodeJS.WritableStream);
    let most = 0;
    let read = 0;
    while (read < 1_000_000) {
      const st = (await s.get("/api/v1/status")).body as {
        totals: { lines: { read: number } };
        lines_store: { bytes: number; max_bytes: number };
      };
      most = Math.max(most, st.lines_store.bytes);
      expect(st.lines_store.max_bytes).toBe(1024 * 1024);
      read = st.totals.lines.read;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(most).toBeGreaterThan(512 * 1024);
    expect(most).toBeLessThanOrEqual(1024 * 1024);
    const tail = (await s.get("/api/v1/lines?limit=5")).body as { lines: unknown[] };
    expect(tail.lines).toHaveLength(5);
  }, 120_000);
});
