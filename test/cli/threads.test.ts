import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MonitorEvent, ReportEvent, SummaryEvent } from "../../src/core/event.js";
import { logmon } from "./run.js";

/**
 * A log that exercises everything the parsing thread hands over: 120,000 distinct hosts (past
 * its dictionary's limit), many batches, junk of every kind with examples, NUL holes, an
 * oversize line, CRLF endings, and a last line without its newline.
 */
function roughLog(): { path: string; lines: number } {
  const parts: Buffer[] = [];
  let lines = 0;
  const line = (text: string) => {
    parts.push(Buffer.from(`${text}\n`, "latin1"));
    lines++;
  };
  for (let i = 0; i < 150_000; i++) {
    const t = 1_780_000_000 + Math.floor(i / 40) + (i % 997 === 0 ? 4000 : 0);
    const d = new Date(t * 1000).toUTCString().split(" ");
    const stamp = `${d[1]}/${d[2]}/${d[3]}:${d[4]} +0000`;
    const host = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const status = [200, 200, 301, 404, 503][i % 5];
    line(`${host} - - [${stamp}] "GET /s${i % 300}/x?q=${i} HTTP/1.1" ${status} ${i % 9000}`);
    if (i % 5000 === 1) line(`junk line ${i}`);
    if (i % 7000 === 2) line(`${host} - - [${stamp}] "GET / HTTP/1.1" 2x0 1`);
    if (i % 9000 === 3) parts.push(Buffer.alloc(37, 0));
    if (i % 11000 === 4) line(`${host} - - [${stamp}] "GET /crlf HTTP/1.1" 200 5\r`);
    if (i === 70_000) line("x".repeat(70 * 1024));
  }
  parts.push(Buffer.from('10.0.0.1 - - [01/Jun/2026:00:00:00 +0000] "GET /last HTTP/1.1" 200 1'));
  lines++;
  const path = join(mkdtempSync(join(tmpdir(), "logmon-threads-")), "rough.log");
  writeFileSync(path, Buffer.concat(parts));
  return { path, lines };
}

describe("--threads 2 (parsing on a worker thread)", () => {
  it("writes the same NDJSON as one thread, byte for byte, on a rough log", async () => {
    const { path, lines } = roughLog();
    // --no-run-stats: the whole run's lists keep one thread.
    const args = ["--replay", path, "--json", "-m", "30", "-w", "20s", "-i", "10s", "--top", "5"];
    args.push("--no-run-stats");
    const one = await logmon([...args, "--threads", "1"]);
    const two = await logmon([...args, "--threads", "2"]);
    expect(one.stderr).toBe("");
    expect(two.stderr).toBe("");
    expect(two.stdout).toBe(one.stdout);
    const events = one.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as MonitorEvent);
    const summary = events.at(-1) as SummaryEvent;
    expect(summary.totals.lines.read).toBe(lines);
    expect(summary.totals.source.invalid_bytes).toBe(37 * 17);
    expect(summary.totals.errors).toMatchObject({ oversize: 1, bad_status: 22 });
    expect(summary.error_samples.map((s) => [s.reason, s.line])).toContainEqual([
      "no_timestamp",
      3,
    ]);
    expect(events.filter((e) => e.type === "alert").length).toBeGreaterThan(0);
  });

  it("lists a heavy host that comes after 12,000 others in one interval, with its error bound", async () => {
    const lines: string[] = [];
    const at = "[21/Nov/2026:10:00:05 +0000]";
    for (let i = 0; i < 12_000; i++) {
      lines.push(`10.9.${i >> 8}.${i & 255} - - ${at} "GET /p${i} HTTP/1.1" 200 1`);
    }
    for (let i = 0; i < 50; i++) lines.push(`203.0.113.9 - - ${at} "GET /x HTTP/1.1" 200 1`);
    const path = join(mkdtempSync(join(tmpdir(), "logmon-card-")), "card.log");
    writeFileSync(path, `${lines.join("\n")}\n`);
    for (const threads of ["1", "2"]) {
      const r = await logmon([
        "--replay",
        path,
        "--json",
        "--threads",
        threads,
        "--top",
        "2",
        "--no-run-stats",
      ]);
      const report = r.stdout
        .split("\n")
        .map((l) => (l === "" ? null : (JSON.parse(l) as MonitorEvent)))
        .find((e): e is ReportEvent => e?.type === "report") as ReportEvent;
      expect(report.hosts[0]).toEqual({ host: "203.0.113.9", hits: 50, hits_error: 1 });
      expect(report.sections[0]).toMatchObject({ section: "/x", hits: 50, hits_error: 1 });
      expect(report.sections_other).toBe(12_050 - 50 - (report.sections[1]?.hits ?? 0));
    }
    const plain = await logmon(["--replay", path, "--plain", "--top", "2"]);
    expect(plain.stdout).toContain("hosts      203.0.113.9 ≥50 · ");
    expect(plain.stdout).toContain("sections   /x ≥50 · ");
  });

  it("carries any host or path text across threads unchanged: lone surrogates, accents", async () => {
    const hosts = ["10.0.0.1", "h\\ud800x", "caf\u00e9", "\u4e2d\u6587"];
    const lines = Array.from({ length: 400 }, (_, i) => {
      const host = hosts[i % hosts.length] as string;
      const uri = i % 3 === 0 ? "/\\udc00bad/x" : `/s\u00e9${i % 7}/y`;
      return `{"ts":${1_795_248_000 + i},"request":{"client_ip":"${host}","method":"GET","uri":"${uri}"},"status":200,"size":1}`;
    });
    const path = join(mkdtempSync(join(tmpdir(), "logmon-text-")), "text.json.log");
    writeFileSync(path, `${lines.join("\n")}\n`);
    const args = ["--replay", path, "--json", "--format", "caddy", "--top", "5", "--no-run-stats"];
    const one = await logmon([...args, "--threads", "1"]);
    const two = await logmon([...args, "--threads", "2"]);
    expect(one.stderr).toBe("");
    expect(two.stdout).toBe(one.stdout);
    expect(one.stdout).toContain("\\ud800");
    expect(one.stdout).toContain("caf\u00e9");
  });

  it("--threads auto: a 69 MB file whose every line brings a new path is replayed on one thread, alike", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "logmon-auto-")), "unique.log");
    const at = "[21/Nov/2026:10:00:05 +0000]";
    const chunk: string[] = [];
    for (let i = 0; i < 900_000; i++) {
      chunk.push(
        `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} - - ${at} "GET /p${i}/x HTTP/1.1" 200 ${i % 9}`,
      );
    }
    writeFileSync(path, `${chunk.join("\n")}\n`);
    const args = ["--replay", path, "--json", "--top", "3", "--no-run-stats"];
    const auto = await logmon([...args, "--threads", "auto"]);
    const one = await logmon([...args, "--threads", "1"]);
    expect(auto.stderr).toBe("");
    expect(auto.stdout).toBe(one.stdout);
    expect(one.stdout).toContain('"read":900000');
    rmSync(path);
  });

  it("counts the whole run on both threads, carried from file to file, as one thread does, whatever the paths", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-run-threads-"));
    const files = [0, 1].map((part) => {
      const lines: string[] = [];
      for (let i = part * 15_000; i < (part + 1) * 15_000; i++) {
        const t = `21/Nov/2026:10:${String(Math.floor(i / 600) % 60).padStart(2, "0")}:${String(Math.floor(i / 10) % 60).padStart(2, "0")} +0000`;
        // Paths the parser hands over as bytes, and some it decodes (raw UTF-8, absolute form),
        // or that keep a query (--keep-query): each kind crosses the threads its own way.
        const odd = [
          `/caf\u00e9/${i % 5}`,
          `http://h.example/abs/${i % 3}`,
          `/q/${i % 4}?id=${i % 2}`,
        ];
        const path = i % 4 === 0 ? "/hot" : i % 5 === 1 ? odd[i % 3] : `/p/${(i * 7919) % 5000}`;
        const agent = i % 3 === 0 ? "curl/8" : `Mozilla/5.0 (X11; Linux) Firefox/${i % 30}`;
        lines.push(
          `10.1.${(i >> 8) & 63}.${i & 255} - - [${t}] "GET ${path} HTTP/1.1" ${i % 9 === 0 ? 404 : 200} 5 "https://r${i % 7}.example/" "${agent}"`,
        );
      }
      const file = join(dir, `part${part}.log`);
      writeFileSync(file, `${lines.join("\n")}\n`);
      return file;
    });
    const args = ["--replay", ...files, "--json", "--top", "1000"];
    const one = await logmon([...args, "--threads", "1"]);
    const two = await logmon([...args, "--threads", "2"]);
    expect(two.stderr).toBe("");
    expect(two.stdout).toBe(one.stdout);
    const query = await logmon([...args, "--keep-query", "--threads", "1"]);
    expect((await logmon([...args, "--keep-query", "--threads", "2"])).stdout).toBe(query.stdout);
    const keys = (out: string) =>
      (JSON.parse(out.trimEnd().split("\n").at(-1) as string) as SummaryEvent).run?.paths.map(
        (r) => r.key,
      ) ?? [];
    expect(keys(one.stdout)).toEqual(expect.arrayContaining(["/caf\u00e9/1", "/abs/1", "/q/1"]));
    expect(keys(query.stdout)).toContain("/q/1?id=1");
    const summary = JSON.parse(one.stdout.trimEnd().split("\n").at(-1) as string) as SummaryEvent;
    expect(summary.run?.paths[0]).toEqual({ key: "/hot", hits: 7500 });
    expect(summary.run?.paths.some((r) => r.hits_error !== undefined)).toBe(true);
    expect(summary.run?.days[0]?.hits).toBe(30_000);
  });

  it("refuses a thread count it does not have, in one line", async () => {
    const r = await logmon(["--replay", "--threads", "4", "fixtures/combined.log"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^logmon: .*--threads.*must be 1, 2 or auto.*\n$/);
  });
});
