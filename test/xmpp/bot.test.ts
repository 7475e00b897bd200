import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertLine, MonitorEvent, ReportEvent, SummaryEvent } from "../../src/core/event.js";
import { clfLines } from "../cli/live.js";
import { BIN, logmon, ROOT } from "../cli/run.js";
import { POLL } from "../input/syslog-run.js";
import { haveProgram } from "../notify/system.js";
import { Person, Prosody, until } from "./prosody.js";

const haveProsody =
  haveProgram("/usr/bin/prosody", "prosody") && haveProgram("/usr/bin/prosodyctl", "prosody");

/** A Common Log Format line stamped `t` (epoch seconds), its path under `section`. */
const line = (t: number, section = "/api/users") => clfLines(t, 1, section);

/** Log time follows the wall clock while following: lines are stamped around now. */
const T0 = Math.floor(Date.now() / 1000);
const nowS = () => Math.floor(Date.now() / 1000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const readable = (t: number) =>
  new Date(t * 1000).toISOString().replace("T", " ").replace(".000Z", "Z");

describe.runIf(haveProsody)("the XMPP bot against a real Prosody", () => {
  let server: Prosody;
  let dir: string;
  let bot: ChildProcess;
  let stdout = "";
  let stderr = "";
  const alice = () => new Person(server, "alice", "alice-pw");
  let a: Person;
  const events = () =>
    stdout
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as MonitorEvent);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "logmon-xmpp-"));
    server = await Prosody.start(dir);
    server.register("bot", "bot-pw");
    server.register("alice", "alice-pw");
    server.register("mallory", "mallory-pw");
    writeFileSync(join(dir, "access.log"), "");
    writeFileSync(join(dir, "secret.log"), "secret line\n");
    writeFileSync(
      join(dir, "bot.yaml"),
      [
        "logs:",
        `  access: ${dir}/access.log`,
        `  api: ${dir}/api-*.log`,
        `  secret: ${dir}/secret.log`,
        "xmpp:",
        "  jid: bot@localhost",
        "  password_env: LOGMON_XMPP_PASSWORD",
        "  host: 127.0.0.1",
        `  port: ${server.port}`,
        "  users:",
        "    alice@localhost: [access, api]",
        "    bob@localhost: [secret]",
        `state_file: ${dir}/state.jsonl`,
        "window: 10s",
        // The flood (1,000 lines in a second: 100 req/s over the window) stays under it.
        "max: 150",
        "interval: 5s",
        "",
      ].join("\n"),
    );
    bot = spawn(process.execPath, [BIN, "--config", join(dir, "bot.yaml"), "--json"], {
      cwd: ROOT,
      env: { ...process.env, TZ: "UTC", LOGMON_XMPP_PASSWORD: "bot-pw" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    bot.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    bot.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    await until(() => stderr.includes("xmpp: online as bot@localhost"), "the bot online");
    a = alice();
    await a.login();
  }, 60_000);

  afterAll(async () => {
    await a?.logout();
    bot?.kill("SIGKILL");
    await server?.halt();
  });

  it("is a contact its users can add: online, saying what it watches; strangers are refused", async () => {
    await a.subscribe();
    await until(() => a.presences.includes("watching access, api, secret · ok"), "the presence");
    // The bot asks to see the user's presence in turn, whenever Prosody passes that on.
    await until(() => a.presences.includes("subscribe"), "the bot's own subscription request");
    const m = new Person(server, "mallory", "mallory-pw");
    await m.login();
    await m.subscribe();
    // The bot refuses (type unsubscribed): the stranger never sees its status.
    await a.ask("help ls");
    await sleep(1000);
    expect(m.presences.filter((p) => p.startsWith("watching"))).toEqual([]);
    await m.logout();
  });

  it("answers help, ls (only this JID's logs) and refuses paths and unknown commands", async () => {
    expect(await a.ask("help")).toMatch(/^Commands \(any case\):\nhelp \[COMMAND\]/);
    expect(await a.ask("HELP tail")).toMatch(/^tail NAME \[N\]: the last N lines/);
    appendFileSync(join(dir, "access.log"), line(T0) + line(T0 + 1));
    const ls = await a.ask("ls");
    const size = Buffer.byteLength(line(T0) + line(T0 + 1));
    expect(ls).toBe(`access: ${size} B, last line ${readable(T0 + 1)}\napi: no file yet`);
    expect(ls).not.toContain("secret");
    expect(await a.ask("tail /etc/passwd")).toBe("logs are named, never paths: ls lists yours");
    expect(await a.ask("tail ../secret")).toBe("logs are named, never paths: ls lists yours");
    expect(await a.ask("tail secret")).toBe("no log named secret for you: ls lists yours");
    expect(await a.ask("frobnicate")).toBe(
      "unknown command frobnicate: try help, ls, tail NAME, status",
    );
  });

  it("tails the last N lines then new ones, two logs at once with prefixes, until stop", async () => {
    const reply = await a.ask("tail access 1");
    expect(reply).toMatch(/^tailing access: the last 1 lines/);
    const first = await a.next((b) => b.includes("10.0.0.0"), a.got.length - 1);
    expect(first).toBe(line(T0 + 1).trimEnd());
    let from = a.got.length;
    appendFileSync(join(dir, "access.log"), line(T0 + 2, "/new"));
    expect(await a.next((b) => b.includes("/new"), from)).toBe(line(T0 + 2, "/new").trimEnd());
    writeFileSync(join(dir, "api-1.log"), line(T0 + 2, "/api-old"));
    expect(await a.ask("tail api 5")).toMatch(/2 tails: lines are prefixed/);
    expect(await a.next((b) => b.includes("/api-old"), from)).toBe(
      `api: ${line(T0 + 2, "/api-old").trimEnd()}`,
    );
    from = a.got.length;
    appendFileSync(join(dir, "access.log"), line(T0 + 3, "/both"));
    expect(await a.next((b) => b.includes("/both"), from)).toBe(
      `access: ${line(T0 + 3, "/both").trimEnd()}`,
    );
    expect(await a.ask("stop")).toBe("stopped access, api");
    from = a.got.length;
    appendFileSync(join(dir, "access.log"), line(T0 + 4, "/after-stop"));
    expect(await a.ask("stop access")).toBe("no tail of access is running");
    expect(a.got.slice(from).some((m) => m.body.includes("/after-stop"))).toBe(false);
  });

  it("batches a flood of 1,000 lines: one message a second, 20 lines at most, the rest counted", async () => {
    await a.ask("tail access 1");
    await a.next((b) => b.includes("/after-stop"), a.got.length - 1);
    const from = a.got.length;
    const flood = clfLines(T0 + 5, 1000, "/flood");
    appendFileSync(join(dir, "access.log"), flood);
    let shown = 0;
    let skipped = 0;
    await expect
      .poll(() => {
        const got = a.got.slice(from).map((m) => m.body);
        skipped = got.reduce((s, b) => s + Number(/^… (\d+) lines skipped/.exec(b)?.[1] ?? 0), 0);
        shown = got.reduce(
          (s, b) => s + b.split("\n").filter((l) => l.includes("/flood/")).length,
          0,
        );
        return shown + skipped;
      }, POLL)
      .toBe(1000);
    const got = a.got.slice(from);
    for (const m of got) {
      const lines = m.body.split("\n");
      expect(lines.every((l) => l.includes("/flood/") || /^… \d+ lines skipped$/.test(l))).toBe(
        true,
      );
      expect(lines.filter((l) => l.includes("/flood/")).length).toBeLessThanOrEqual(20);
      expect(Buffer.byteLength(m.body)).toBeLessThanOrEqual(4096);
    }
    for (let i = 1; i < got.length; i++) {
      expect((got[i]?.atMs ?? 0) - (got[i - 1]?.atMs ?? 0)).toBeGreaterThanOrEqual(900);
    }
    expect(got.at(-1)?.body.endsWith('/flood/999 HTTP/1.1" 200 999 "-" "test"')).toBe(true);
    expect(await a.ask("stop")).toBe("stopped access");
  });

  it(
    "pushes the alert and the recovery to a subscriber, and status matches the last report",
    { timeout: 90_000 },
    async () => {
      expect(await a.ask("subscribe")).toBe(
        "subscribed: alerts and recoveries will be sent to you",
      );
      const from = a.got.length;
      // The flood's lines (stamped T0 + 5) leave the 10 s window first: with them in it, the
      // window could cross the threshold twice (flood and first spike lines, then the spike).
      while (nowS() <= T0 + 5 + 10) await sleep(200);
      // 3 s at 600 lines a second (180 req/s over the 10 s window), then a line every 0.5 s.
      for (let k = 0; k < 15; k++) {
        appendFileSync(join(dir, "access.log"), line(nowS(), "/spike").repeat(120));
        await sleep(200);
      }
      const sent = () =>
        events().filter((e): e is AlertLine => e.type === "alert" || e.type === "recover");
      const deadline = Date.now() + 60_000;
      while (sent().length < 2 && Date.now() < deadline) {
        appendFileSync(join(dir, "access.log"), line(nowS(), "/calm"));
        await sleep(500);
      }
      expect(sent().map((e) => e.type)).toEqual(["alert", "recover"]);
      const [alert, recover] = sent() as [AlertLine, AlertLine];
      const pushes = () =>
        a.got
          .slice(from)
          .map((m) => m.body)
          .filter((b) => /^(High traffic|Traffic recovered)/.test(b));
      await until(() => pushes().length === 2, "two pushes");
      const pushed = pushes();
      expect(pushed).toEqual([
        alert.message,
        `${recover.message} (alert lasted ${recover.duration_s}s)`,
      ]);
      const status = await a.ask("status");
      const at = /^log time (.*)$/m.exec(status)?.[1];
      const last = events().find(
        (e): e is ReportEvent => e.type === "report" && e.end.replace("T", " ") === at,
      ) as ReportEvent;
      expect(status).toContain(`log time ${last.end.replace("T", " ")}`);
      expect(status).toContain(`rate ${last.window.rate} req/s over 10s (threshold 150)`);
      expect(status).toContain(`${last.hits} requests, ${last.rps} req/s`);
      expect(status).toContain("no alert firing");
      expect(await a.ask("alerts 5")).toBe(pushed.join("\n"));
    },
  );

  it("tells a stranger 'not authorized' once and nothing else; 5 commands a second at most", async () => {
    const m = new Person(server, "mallory", "mallory-pw");
    await m.login();
    for (const text of ["ls", "tail access", "status"]) await m.say(text);
    await m.next((b) => b === "not authorized");
    await a.ask("help ls");
    expect(m.got.map((g) => g.body)).toEqual(["not authorized"]);
    await m.logout();
    const from = a.got.length;
    await new Promise((r) => setTimeout(r, 1100));
    for (let i = 0; i < 8; i++) await a.say("help ls", true);
    await a.next((b) => b.startsWith("too many commands"), from);
    await expect.poll(() => a.got.length - from, POLL).toBeGreaterThanOrEqual(6);
    const answered = a.got.slice(from).filter((g) => g.body.startsWith("ls:")).length;
    expect(answered).toBeLessThanOrEqual(5);
  });

  it("reconnects after Prosody restarts mid-tail, and the tail goes on", async () => {
    await new Promise((r) => setTimeout(r, 1100));
    await a.ask("tail access 1");
    await server.halt();
    await expect.poll(() => stderr, POLL).toMatch(/xmpp: the connection dropped; trying again/);
    appendFileSync(join(dir, "access.log"), line(nowS(), "/while-down"));
    await server.run();
    await expect.poll(() => stderr.split("xmpp: online as").length, POLL).toBe(3);
    a = alice();
    await a.login();
    const after = line(nowS(), "/after-restart");
    appendFileSync(join(dir, "access.log"), after);
    const got = await a.next((b) => b.includes("/after-restart"));
    expect(a.got.some((m) => m.body.includes("/while-down"))).toBe(true);
    expect(got).toContain(after.trimEnd());
  });

  it("stops the tails of someone who went offline, so they do not pile up on the server", async () => {
    await a.subscribe();
    await until(() => a.presences.includes("subscribe"), "the bot asking back");
    await a.approve();
    expect(await a.ask("tail access 1")).toMatch(/^tailing access/);
    await a.logout();
    a = alice();
    await a.login();
    await sleep(1000);
    // Logging in again, the person finds nothing running (else the tail would be on).
    expect(await a.ask("stop")).toBe("no tail is running");
  });

  it("counts what it did in the summary; the subscription is in the state file", async () => {
    bot.kill("SIGTERM");
    await expect.poll(() => stdout, POLL).toContain('"type":"summary"');
    const summary = events().find((e) => e.type === "summary") as SummaryEvent;
    expect(summary.xmpp?.strangers).toBe(3);
    expect(summary.xmpp?.connections).toBe(2);
    const raised = events().filter((e) => e.type === "alert" || e.type === "recover");
    expect(summary.xmpp?.alerts_sent, JSON.stringify(raised)).toBe(2);
    expect(summary.xmpp?.commands_dropped).toBeGreaterThanOrEqual(3);
    expect(summary.xmpp?.tail_skipped).toBeGreaterThan(900);
    expect(readFileSync(join(dir, "state.jsonl"), "utf8")).toContain(
      '{"type":"xmpp_subscription","jid":"alice@localhost","on":true}',
    );
  });

  it("says a wrong password on stderr and keeps running and retrying; a missing one is a usage error", async () => {
    const wrong = spawn(process.execPath, [BIN, "--config", join(dir, "bot.yaml"), "--json"], {
      cwd: ROOT,
      env: { ...process.env, LOGMON_XMPP_PASSWORD: "not-it" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    wrong.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    await until(() => err.includes("trying again in 2 s"), "a second try");
    expect(err).toContain(
      "logmon: xmpp: wrong JID or password (not-authorized); trying again in 1 s",
    );
    expect(wrong.exitCode).toBe(null);
    wrong.kill("SIGTERM");
    const missing = await logmon(["--config", join(dir, "bot.yaml")], undefined, {
      LOGMON_XMPP_PASSWORD: "",
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "logmon: xmpp: the environment variable LOGMON_XMPP_PASSWORD is not set\n",
    );
  });
});
