import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { MonitorEvent, SummaryEvent } from "../../src/core/event.js";
import { logmon } from "../cli/run.js";
import { freePort, POLL } from "../input/syslog-run.js";
import { haveProgram } from "./system.js";

const RSYSLOGD = "/usr/sbin/rsyslogd";
const haveRsyslog = haveProgram(RSYSLOGD, "rsyslog");
const servers: ChildProcess[] = [];
afterAll(() => {
  for (const s of servers) s.kill("SIGTERM");
});

/** A real rsyslog receiving on UDP and TCP ports, writing what it gets to alerts.log. */
async function rsyslog(
  dir: string,
): Promise<{ udp: number; tcp: number; received: () => string[] }> {
  const [udp, tcp] = [await freePort(), await freePort()];
  mkdirSync(join(dir, "work"));
  let text = readFileSync("fixtures/syslog/rsyslog-receive.conf", "utf8");
  for (const [key, value] of Object.entries({ DIR: dir, UDP_PORT: udp, TCP_PORT: tcp }))
    text = text.replaceAll(`@${key}@`, String(value));
  writeFileSync(join(dir, "rsyslog.conf"), text);
  const server = spawn(RSYSLOGD, ["-n", "-f", join(dir, "rsyslog.conf"), "-i", join(dir, "pid")], {
    stdio: "ignore",
  });
  servers.push(server);
  // rsyslog is up once its TCP port takes a connection.
  const { connect } = await import("node:net");
  const up = () =>
    new Promise<boolean>((resolve) => {
      const s = connect(tcp, "127.0.0.1", () => {
        s.destroy();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
  await expect.poll(up, POLL).toBe(true);
  const file = join(dir, "alerts.log");
  return {
    udp,
    tcp,
    received: () => (existsSync(file) ? readFileSync(file, "utf8").trimEnd().split("\n") : []),
  };
}

describe.runIf(haveRsyslog)("syslog channel", () => {
  it("sends alerts and recoveries as RFC 5424 to a real rsyslog over UDP and TCP", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-syslog-notify-"));
    const server = await rsyslog(dir);
    const config = join(dir, "logmon.yaml");
    writeFileSync(
      config,
      [
        "files: [fixtures/combined.log]",
        "max: 2",
        "window: 30s",
        "json: true",
        "notify:",
        `  site_udp: { kind: syslog, host: 127.0.0.1, port: ${server.udp} }`,
        `  site_tcp: { kind: syslog, host: 127.0.0.1, port: ${server.tcp}, protocol: tcp, facility: local3, app_name: web-alerts }`,
        "",
      ].join("\n"),
    );
    const r = await logmon(["--replay", "--config", config]);
    expect(r.stderr).toBe("");
    const events = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as MonitorEvent);
    expect((events.at(-1) as SummaryEvent).notify).toEqual({
      site_udp: { sent: 2, failed: 0 },
      site_tcp: { sent: 2, failed: 0 },
    });
    await expect.poll(() => server.received().length, POLL).toBe(4);
    const host = hostname();
    const sd = (value: number) =>
      `[logmon@32473 rule="high_traffic" value="${value}" threshold="2" id="high_traffic@2026-11-21T08:01:10Z"]`;
    const alert = "High traffic generated an alert - hits = 64, triggered at 2026-11-21T08:01:10Z";
    const recovery =
      "Traffic recovered - hits = 59, recovered at 2026-11-21T08:02:19Z (alert lasted 69s)";
    const lines = server.received().sort();
    expect(lines).toEqual(
      [
        `imtcp|local3|warning|${host}|web-alerts|ALERT|${sd(2.1333)}|${alert}`,
        `imtcp|local3|notice|${host}|web-alerts|RECOVER|${sd(1.9667)}|${recovery}`,
        `imudp|local0|warning|${host}|logmon|ALERT|${sd(2.1333)}|${alert}`,
        `imudp|local0|notice|${host}|logmon|RECOVER|${sd(1.9667)}|${recovery}`,
      ].sort(),
    );
  });

  it("counts a TCP channel with nobody listening as failed after its tries", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-syslog-dead-"));
    const port = await freePort();
    const config = join(dir, "logmon.yaml");
    writeFileSync(
      config,
      `files: [fixtures/combined.log]\nmax: 2\nwindow: 30s\njson: true\nnotify:\n  dead: { kind: syslog, host: 127.0.0.1, port: ${port}, protocol: tcp, tries: 2 }\n`,
    );
    const r = await logmon(["--replay", "--config", config]);
    const events = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as MonitorEvent);
    expect((events.at(-1) as SummaryEvent).notify).toEqual({ dead: { sent: 0, failed: 2 } });
    const errors = events
      .filter((e) => e.type === "notify")
      .map((e) => ("error" in e ? e.error : ""));
    expect(errors).toEqual(["ECONNREFUSED", "ECONNREFUSED", "ECONNREFUSED", "ECONNREFUSED"]);
  });
});
