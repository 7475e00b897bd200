import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { clfLines } from "../cli/live.js";
import { haveProgram } from "../notify/system.js";
import { byInput, freePort, POLL, receive, type Receiver } from "./syslog-run.js";

const RSYSLOGD = "/usr/sbin/rsyslogd";
const NGINX = "/usr/sbin/nginx";
const LOGGER = "/usr/bin/logger";
const haveAll =
  haveProgram(LOGGER, "bsdutils") &&
  haveProgram(RSYSLOGD, "rsyslog") &&
  haveProgram(NGINX, "nginx");

const running: (ChildProcess | Receiver)[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    if ("run" in r) r.run.proc.kill("SIGKILL");
    else if (r.exitCode === null) {
      r.kill("SIGTERM");
      await new Promise((resolve) => r.on("exit", resolve));
    }
  }
});

async function receiver(urls: string[], args: string[] = []): Promise<Receiver> {
  const r = await receive(urls, args);
  running.push(r);
  return r;
}

/** A fixture config with its @NAME@ places filled, written into `dir`. */
function fill(fixture: string, dir: string, values: Record<string, string | number>): string {
  let text = readFileSync(`fixtures/syslog/${fixture}`, "utf8");
  for (const [key, value] of Object.entries({ DIR: dir, ...values }))
    text = text.replaceAll(`@${key}@`, String(value));
  const path = join(dir, fixture);
  writeFileSync(path, text);
  return path;
}

/** The port of the n-th receiver's listener. */
const port = (receivers: Receiver[], n: number) => receivers[n]?.port(0) ?? 0;

const T = Math.floor(Date.now() / 1000);

describe.runIf(haveAll)("syslog from real senders", () => {
  it("counts every line util-linux logger sends, in each framing and format", async () => {
    const r = await receiver(["tcp://127.0.0.1:0", "udp://127.0.0.1:0"]);
    const dir = mkdtempSync(join(tmpdir(), "logmon-logger-"));
    const lines = join(dir, "lines");
    writeFileSync(lines, clfLines(T, 100));
    const variants = [
      ["-d", "--rfc3164"],
      ["-d", "--rfc5424"],
      ["-T", "--rfc3164"],
      ["-T", "--rfc5424"],
      ["-T", "--octet-count"],
      ["-T", "--octet-count", "--sd-id", "zoo@32473", "--sd-param", 'tiger="hungry"'],
    ];
    for (const v of variants) {
      const port = v[0] === "-T" ? r.port(0) : r.port(1);
      execFileSync(LOGGER, [
        "-n",
        "127.0.0.1",
        "-P",
        String(port),
        ...v,
        "-t",
        "nginx",
        "-f",
        lines,
      ]);
    }
    execFileSync(LOGGER, [
      "-n",
      "127.0.0.1",
      "-P",
      String(r.port(0)),
      "-T",
      "-t",
      "cron",
      "not an access log line",
    ]);
    await expect.poll(r.read, POLL).toBe(601);
    const summary = await r.stop();
    const inputs = Object.values(byInput(summary));
    expect(inputs).toEqual([[601, 600, 1]]);
    expect(summary.totals.errors).toEqual({ no_timestamp: 1 });
    expect(summary.error_samples?.[0]?.text).toBe("not an access log line");
  }, 60_000);

  it("counts every line rsyslog forwards from a file: TCP octet-counted, TCP by line, UDP at 2,000 lines/s", async () => {
    const receivers = [
      await receiver(["tcp://127.0.0.1:0"]),
      await receiver(["tcp://127.0.0.1:0"]),
      await receiver(["udp://127.0.0.1:0"]),
    ];
    const dir = mkdtempSync(join(tmpdir(), "logmon-rsyslog-"));
    mkdirSync(join(dir, "work"));
    writeFileSync(join(dir, "access.log"), "");
    const conf = fill("rsyslog.conf", dir, {
      TCP_OCTET_PORT: port(receivers, 0),
      TCP_PORT: port(receivers, 1),
      UDP_PORT: port(receivers, 2),
    });
    const rsyslog = spawn(RSYSLOGD, ["-n", "-f", conf, "-i", join(dir, "rsyslogd.pid")], {
      stdio: "pipe",
    });
    running.push(rsyslog);
    let errors = "";
    rsyslog.stderr.on("data", (d: Buffer) => (errors += d.toString()));
    // 3,000 lines, 100 every 50 ms.
    for (let i = 0; i < 30; i++) {
      appendFileSync(join(dir, "access.log"), clfLines(T + Math.floor(i / 20), 100, `/batch${i}`));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (const r of receivers) await expect.poll(r.read, POLL).toBe(3000);
    for (const r of receivers) {
      const summary = await r.stop();
      const inputs = Object.values(byInput(summary));
      expect(inputs, errors).toEqual([[3000, 3000, 0]]);
      expect(summary.totals.hits).toBe(3000);
    }
  }, 60_000);

  it("counts every request a real nginx logs with access_log syslog:", async () => {
    const r = await receiver(["udp://127.0.0.1:0"]);
    const dir = mkdtempSync(join(tmpdir(), "logmon-nginx-"));
    const httpPort = await freePort();
    const conf = fill("nginx.conf", dir, { SYSLOG_PORT: r.port(0), HTTP_PORT: httpPort });
    const nginx = spawn(NGINX, ["-p", dir, "-c", conf, "-e", join(dir, "error.log")], {
      stdio: "pipe",
    });
    running.push(nginx);
    let answered = 0;
    const get = (path: string) =>
      fetch(`http://127.0.0.1:${httpPort}${path}`).then((res) => {
        answered++;
        return res.status;
      });
    await expect.poll(() => get("/").catch(() => 0), POLL).toBe(200);
    for (let i = 0; i < 150; i++) expect(await get(`/page/${i}`)).toBe(200);
    for (let i = 0; i < 50; i++) expect(await get(`/missing/${i}`)).toBe(404);
    await expect.poll(r.read, POLL).toBe(answered);
    const summary = await r.stop();
    // Every request nginx answered (the probes while it started too) is one line, parsed.
    expect(Object.values(byInput(summary))).toEqual([[answered, answered, 0]]);
    expect(summary.totals.status_class["4xx"]).toBe(50);
    expect(summary.totals.status_class["2xx"]).toBe(answered - 50);
  }, 60_000);
});

describe("the README's syslog set-up", () => {
  it("is the configuration the tests run, with a server's paths and ports", () => {
    const readme = readFileSync("README.md", "utf8");
    const local = (fixture: string, port: string) =>
      readFileSync(`fixtures/syslog/${fixture}`, "utf8")
        .replaceAll(/@[A-Z_]*PORT@/g, port)
        .replaceAll("@DIR@/access.log", "/var/log/nginx/access.log");
    const nginx = local("nginx.conf", "5514");
    const shown = [
      ...readme.matchAll(/^(access_log syslog:.*|module\(.*|input\(type="imfile".*|action\(.*)$/gm),
    ].map((m) => m[1] as string);
    expect(shown.length).toBe(6);
    const rsyslog = local("rsyslog.conf", "5514");
    for (const line of shown) expect(`${nginx}\n${rsyslog}`).toContain(line);
  });
});
