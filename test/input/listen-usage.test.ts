import { createSocket } from "node:dgram";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { logmon } from "../cli/run.js";
import { byInput, POLL, receive, type Receiver } from "./syslog-run.js";

const receivers: Receiver[] = [];
afterEach(() => {
  for (const r of receivers.splice(0)) r.run.proc.kill("SIGKILL");
});

/** The one stderr line and the exit status of a run that must not start. */
async function refused(args: string[]): Promise<[string, number | null]> {
  const r = await logmon(args);
  expect(r.stdout).toBe("");
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  return [r.stderr.trimEnd(), r.code];
}

describe("--listen, said wrong", () => {
  it("names what is wrong with a URL, in one line, exit 2", async () => {
    expect(await refused(["--listen", "syslog://x:1"])).toEqual([
      expect.stringMatching(/^logmon: .*expected udp:\/\/HOST:PORT or tcp:\/\/HOST:PORT/),
      2,
    ]);
    expect((await refused(["--listen", "udp://127.0.0.1:99999"]))[0]).toMatch(
      /port must be between 0/,
    );
    expect((await refused(["--listen", "tcp://web1:5514"]))[0]).toMatch(
      /web1 is not an IP address/,
    );
    expect((await refused(["--listen", "tcp://127.0.0.1:0?allow=10.0.0.0/33"]))[0]).toMatch(
      /allow: 10\.0\.0\.0\/33 is not an address or CIDR/,
    );
    expect((await refused(["--listen", "tcp://127.0.0.1:0?max_msg=1"]))[0]).toMatch(
      /unknown option max_msg \(known: allow, max_message, max_connections, idle_timeout\)/,
    );
  });

  it("says a port in use, an address not on this machine and --replay in one line, exit 2", async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const port = (busy.address() as { port: number }).port;
    expect(await refused(["--listen", `tcp://127.0.0.1:${port}`])).toEqual([
      `logmon: cannot listen on tcp://127.0.0.1:${port}: the port is in use (another logmon, or a syslog daemon?)`,
      2,
    ]);
    busy.close();
    expect((await refused(["--listen", "udp://192.0.2.1:5514"]))[0]).toBe(
      "logmon: cannot listen on udp://192.0.2.1:5514: no such address on this machine",
    );
    expect((await refused(["--replay", "--listen", "udp://127.0.0.1:0"]))[0]).toMatch(
      /a listener has no end to replay to; drop --replay/,
    );
  });

  it("checks listen: in a config file, mapping form and all, with file:line:col", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-listen-config-"));
    const good = join(dir, "good.yaml");
    writeFileSync(
      good,
      "listen:\n  - udp://127.0.0.1:5514\n  - url: tcp://0.0.0.0:5514\n    allow: [10.0.0.0/8, 127.0.0.1]\n    max_message: 8KiB\n    idle_timeout: 1m\n",
    );
    expect((await logmon(["config", "check", "--config", good])).code).toBe(0);
    const bad = join(dir, "bad.yaml");
    writeFileSync(
      bad,
      "listen:\n  - url: tcp://0.0.0.0:5514\n    allow: [everyone]\n  - port: 5\n",
    );
    const r = await logmon(["config", "check", "--config", bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("bad.yaml:2:3: listen: allow: everyone is not an address or CIDR");
    expect(r.stderr).toContain('bad.yaml:4:5: unknown key "port" in a listener');
  });
});

describe("listeners beside files", () => {
  it("reads a followed file and syslog over IPv6 in one run, each an input of its own", async () => {
    const r = await receive(["tcp://[::1]:0"], ["-f", "fixtures/combined.log", "--from-start"]);
    receivers.push(r);
    const { connect } = await import("node:net");
    const line = '10.0.0.1 - - [21/Nov/2026:08:04:00 +0000] "GET /v6 HTTP/1.1" 200 5';
    const s = connect(r.port(0), "::1");
    await new Promise((resolve) => s.on("connect", resolve));
    await new Promise<void>((resolve) =>
      s.end(`<190>Nov 21 08:04:00 web6 nginx: ${line}\n`, resolve),
    );
    await expect.poll(r.read, POLL).toBe(405);
    const inputs = byInput(await r.stop());
    expect(inputs.web6).toEqual([1, 1, 0]);
    expect(inputs["fixtures/combined.log"]?.[0]).toBe(404);
  });
});

describe("a listener from the config", () => {
  it("receives with the options of its mapping, and takes a JSON line's time from the syslog header", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-listen-run-"));
    const config = join(dir, "logmon.yaml");
    writeFileSync(config, "listen:\n  - url: udp://127.0.0.1:0\n    allow: [127.0.0.1]\n");
    const r = await receive([], ["--config", config], 1);
    receivers.push(r);
    const port = r.port(0);
    const udp = createSocket("udp4");
    const json =
      '{"status":200,"request":"GET /json HTTP/1.1","remote_addr":"10.0.0.9","body_bytes_sent":12}';
    await new Promise((resolve) =>
      udp.send(`<190>1 2026-12-01T09:00:00Z web9 nginx - - - ${json}`, port, "127.0.0.1", resolve),
    );
    udp.close();
    await expect.poll(r.read, POLL).toBe(1);
    const summary = await r.stop();
    expect(byInput(summary)).toEqual({ web9: [1, 1, 0] });
    expect(summary.first).toBe("2026-12-01T09:00:00Z");
  });
});
