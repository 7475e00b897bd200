import { createSocket } from "node:dgram";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { clfLines } from "../cli/live.js";
import { byInput, POLL, receive, type Receiver } from "./syslog-run.js";

const T = Math.floor(Date.now() / 1000);
const sockets: Socket[] = [];
const receivers: Receiver[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const r of receivers.splice(0)) r.run.proc.kill("SIGKILL");
});

async function receiver(urls: string[]): Promise<Receiver> {
  const r = await receive(urls);
  receivers.push(r);
  return r;
}

/** A TCP connection to `port`, from `from` (any 127/8 address is this machine). */
function open(port: number, from = "127.0.0.1"): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: "127.0.0.1", port, localAddress: from }, () => resolve(s));
    s.on("error", reject);
    sockets.push(s);
  });
}

/** Writes `data` and ends the connection, waiting until it is closed. */
function send(s: Socket, ...data: (string | Buffer)[]): Promise<void> {
  return new Promise((resolve) => {
    for (const d of data) s.write(d);
    s.end(() => resolve());
  });
}

/** `n` nginx-style BSD frames from host `host`, each a Combined line. */
function frames(host: string, n: number, section = "/ok"): string[] {
  return clfLines(T, n, section)
    .trimEnd()
    .split("\n")
    .map((line) => `<190>Dec  1 10:00:00 ${host} nginx: ${line}`);
}
/** One frame from `host`. */
const one = (host: string) => frames(host, 1).join("");
const octet = (f: string) => `${Buffer.byteLength(f)} ${f}`;

describe("a syslog listener under hostile input", () => {
  it("counts every frame of a bad sender as bad with its reason, and every line of the good ones", async () => {
    const r = await receiver(["tcp://127.0.0.1:0?max_message=8KiB"]);
    const port = r.port(0);
    const good = await open(port);
    // One byte per segment, both framings mixed.
    const slow = await open(port);
    const bad = await open(port, "127.0.0.2");
    const stream = frames("slow", 20)
      .map((f, i) => (i % 2 === 0 ? octet(f) : `${f}\n`))
      .join("");
    for (const byte of Buffer.from(stream)) {
      slow.write(Buffer.from([byte]));
      if (byte % 7 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await send(slow);
    const garbage = Buffer.alloc(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) & 0xff;
    await send(
      bad,
      `${octet(one("bad"))}`,
      "40 <190>Dec  1 10:00:00 bad nginx: short",
      `12x4 ${one("bad")}`,
      `5 ${one("bad")}`,
      `99999 <190>Dec  1 10:00:00 bad nginx: too long\n`,
    );
    const huge = await open(port);
    const big = Buffer.alloc(1024 * 1024, 0x61);
    for (let i = 0; i < 10; i++) huge.write(big);
    await send(huge, "\n", `${one("huge")}\n`);
    const binary = await open(port);
    await send(binary, garbage, "\n", `${one("binary")}\n`);
    await send(good, ...frames("good", 500).map((f) => `${f}\n`));
    await expect.poll(() => byInput2(r).good, POLL).toBe(500);
    const summary = await r.stop();
    const inputs = byInput(summary);
    expect(inputs.good).toEqual([500, 500, 0]);
    expect(inputs.slow).toEqual([20, 20, 0]);
    expect(inputs.huge).toEqual([1, 1, 0]);
    expect(inputs.binary).toEqual([1, 1, 0]);
    // The sender from 127.0.0.2: its first frame is good; the rest of what it sent is counted bad.
    expect(inputs.bad?.[1]).toBeGreaterThanOrEqual(1);
    const errors = summary.totals.errors as Record<string, number>;
    expect(errors.oversize).toBe(1);
    expect(errors.bad_octet_count).toBeGreaterThanOrEqual(1);
    expect(errors.bad_frame).toBeGreaterThanOrEqual(1);
    expect(errors.partial_frame).toBe(1);
    expect(summary.totals.lines.read).toBe(
      summary.totals.lines.parsed + summary.totals.lines.invalid,
    );
  }, 60_000);

  it("lets a new sender in while 1,000 connections sit idle, and closes idle ones after idle_timeout", async () => {
    const r = await receiver(["tcp://127.0.0.1:0?max_connections=1000&idle_timeout=3s"]);
    const port = r.port(0);
    const idle = await Promise.all(Array.from({ length: 1000 }, () => open(port)));
    for (const s of idle) s.on("error", () => undefined);
    const closed = idle.map((s) => new Promise((resolve) => s.on("close", resolve)));
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const late = await open(port);
    await send(late, ...frames("late", 50).map((f) => `${f}\n`));
    await expect.poll(() => byInput2(r).late, POLL).toBe(50);
    // The newcomer took the place of the connection idle the longest; after idle_timeout the
    // listener closes the others: every one sees its end.
    await Promise.all(closed);
    const summary = await r.stop();
    expect(byInput(summary).late).toEqual([50, 50, 0]);
  }, 60_000);

  it("drops and counts what comes from outside allow, over TCP and UDP", async () => {
    const r = await receiver([
      "tcp://127.0.0.1:0?allow=127.0.0.1",
      "udp://127.0.0.1:0?allow=127.0.0.1/32",
    ]);
    const outsider = await open(r.port(0), "127.0.0.3").catch(() => null);
    if (outsider !== null) await send(outsider, ...frames("outsider", 5).map((f) => `${f}\n`));
    const udp = createSocket("udp4");
    await new Promise<void>((resolve) => udp.bind(0, "127.0.0.3", resolve));
    for (const f of frames("outsider", 3)) udp.send(f, r.port(1), "127.0.0.1");
    const insider = createSocket("udp4");
    for (const f of frames("insider", 10)) insider.send(f, r.port(1), "127.0.0.1");
    await expect.poll(() => byInput2(r).insider, POLL).toBe(10);
    udp.close();
    insider.close();
    const summary = await r.stop();
    expect(byInput(summary).outsider).toBeUndefined();
    expect(summary.totals.source.denied).toBe(4);
  }, 60_000);
});

describe("a UDP listener that cannot keep up", () => {
  it("counts the datagrams the kernel dropped: read + dropped = sent", async () => {
    const r = await receiver(["udp://127.0.0.1:0"]);
    const sent = 60_000;
    const frame = Buffer.from(frames("flood", 1)[0] ?? "");
    const udp = createSocket("udp4");
    // Stopped, logmon reads nothing: its receive buffer fills and the kernel drops the rest.
    r.run.proc.kill("SIGSTOP");
    for (let i = 0; i < sent; i += 1000) {
      await Promise.all(
        Array.from(
          { length: 1000 },
          () => new Promise((resolve) => udp.send(frame, r.port(0), "127.0.0.1", resolve)),
        ),
      );
    }
    udp.close();
    r.run.proc.kill("SIGCONT");
    const summaryRead = () => {
      const reports = r.run.events().filter((e) => e.type === "report");
      const last = reports.at(-1) as
        { totals?: { lines: { read: number }; source: { dropped?: number } } } | undefined;
      return (last?.totals?.lines.read ?? 0) + (last?.totals?.source.dropped ?? 0);
    };
    await expect.poll(summaryRead, POLL).toBe(sent);
    const summary = await r.stop();
    expect(summary.totals.source.dropped).toBeGreaterThan(0);
    expect(summary.totals.lines.read + (summary.totals.source.dropped ?? 0)).toBe(sent);
    expect(summary.totals.lines.parsed).toBe(summary.totals.lines.read);
  }, 60_000);
});

/** Lines read per input so far, from the newest report's totals. */
function byInput2(r: Receiver): Record<string, number> {
  const reports = r.run.events().filter((e) => e.type === "report");
  const last = reports[reports.length - 1] as
    { totals?: { files: { file: string; read: number }[] } } | undefined;
  return Object.fromEntries((last?.totals?.files ?? []).map((f) => [f.file, f.read]));
}
