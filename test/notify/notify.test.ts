import { spawn, type ChildProcess } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { createServer as createNetServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { MonitorEvent, SummaryEvent } from "../../src/core/event.js";
import type { NotifyEvent } from "../../src/core/notify-event.js";
import { clfLines } from "../cli/live.js";
import { logmon } from "../cli/run.js";
import { haveProgram } from "./system.js";

function folder(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `logmon-${name}-`));
  chmodSync(dir, 0o755);
  return dir;
}

/** A config file (fixtures/combined.log, -m 2 -w 30s: one alert, one recovery) with `notify`. */
function config(dir: string, extra: string): string {
  const file = join(dir, "logmon.yaml");
  writeFileSync(file, `files: [fixtures/combined.log]\nmax: 2\nwindow: 30s\njson: true\n${extra}`);
  return file;
}

function events(stdout: string): MonitorEvent[] {
  return stdout
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as MonitorEvent);
}

const notifies = (all: MonitorEvent[]) => all.filter((e): e is NotifyEvent => e.type === "notify");
const summaryOf = (all: MonitorEvent[]) => all.at(-1) as SummaryEvent;
const ALERT_ID = "high_traffic@2026-11-21T08:01:10Z";

describe("exec channel", () => {
  it("runs the command without a shell, the event on stdin and LOGMON_* in its environment", async () => {
    const dir = folder("exec");
    const script = join(dir, "record.sh");
    writeFileSync(
      script,
      `#!/bin/sh\ncat >> '${dir}/stdin'\nprintf '%s|%s|%s|%s\\n' "$1" "$LOGMON_RULE" "$LOGMON_KIND" "$LOGMON_MESSAGE" >> '${dir}/env'\n`,
    );
    chmodSync(script, 0o755);
    const r = await logmon([
      "--replay",
      "--config",
      config(
        dir,
        `notify:\n  script: { kind: exec, command: ['${script}', '$(touch ${dir}/pwned)'] }\n`,
      ),
    ]);
    expect(r.stderr).toBe("");
    const all = events(r.stdout);
    const sent = all.filter((e) => e.type === "alert" || e.type === "recover");
    const received = readFileSync(join(dir, "stdin"), "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as unknown);
    expect(received).toEqual(sent);
    expect(readFileSync(join(dir, "env"), "utf8").split("\n").filter(Boolean)).toEqual([
      `$(touch ${dir}/pwned)|high_traffic|alert|High traffic generated an alert - hits = 64, triggered at 2026-11-21T08:01:10Z`,
      `$(touch ${dir}/pwned)|high_traffic|recover|Traffic recovered - hits = 59, recovered at 2026-11-21T08:02:19Z`,
    ]);
    expect(existsSync(join(dir, "pwned"))).toBe(false);
    expect(notifies(all).map((n) => [n.channel, n.id, n.ok, n.attempt])).toEqual([
      ["script", ALERT_ID, true, 1],
      ["script", ALERT_ID, true, 1],
    ]);
    expect(summaryOf(all).notify).toEqual({ script: { sent: 2, failed: 0 } });
  });

  it("kills a command that outlives its timeout and counts the failure", async () => {
    const dir = folder("exec-slow");
    const r = await logmon([
      "--replay",
      "--config",
      config(dir, "notify:\n  slow: { kind: exec, command: [/bin/sleep, '30'], timeout: 1s }\n"),
    ]);
    const all = events(r.stdout);
    expect(notifies(all).map((n) => n.error)).toEqual(["killed after 1s", "killed after 1s"]);
    expect(summaryOf(all).notify).toEqual({ slow: { sent: 0, failed: 2 } });
  });
});

/** A real HTTP server on 127.0.0.1 that answers `statuses` in turn (then 200), recording bodies. */
async function receiver(statuses: number[], answer = true) {
  const bodies: { body: Record<string, unknown>; token: string | undefined }[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      bodies.push({
        body: JSON.parse(body) as Record<string, unknown>,
        token: req.headers["x-token"] as string | undefined,
      });
      if (!answer) return;
      res.writeHead(statuses.shift() ?? 200);
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${port}/hook`, bodies };
}

describe("webhook channel (a real HTTP server)", () => {
  it("retries with backoff after failures, reporting every try, and posts a text field chats show", async () => {
    const hook = await receiver([500, 503]);
    const dir = folder("hook");
    // The URL and the token are secrets: the config names the variables holding them.
    const r = await logmon(
      [
        "--replay",
        "--config",
        config(
          dir,
          "notify:\n  ops: { kind: webhook, url_env: HOOK_URL, headers_env: { X-Token: HOOK_TOKEN }, timeout: 2s }\n",
        ),
      ],
      undefined,
      { HOOK_URL: hook.url, HOOK_TOKEN: "abc" },
    );
    const all = events(r.stdout);
    expect(notifies(all).map((n) => [n.id, n.ok, n.attempt, n.error ?? ""])).toEqual([
      [ALERT_ID, false, 1, "HTTP 500"],
      [ALERT_ID, false, 2, "HTTP 503"],
      [ALERT_ID, true, 3, ""],
      [ALERT_ID, true, 1, ""],
    ]);
    expect(hook.bodies).toHaveLength(4);
    expect(hook.bodies[0]?.token).toBe("abc");
    expect(hook.bodies[0]?.body).toMatchObject({
      type: "alert",
      rule: "high_traffic",
      text: "High traffic generated an alert - hits = 64, triggered at 2026-11-21T08:01:10Z",
    });
    expect(hook.bodies[3]?.body).toMatchObject({ type: "recover" });
    expect(summaryOf(all).notify).toEqual({ ops: { sent: 2, failed: 0 } });
  });

  it("a webhook that never answers is given up after its tries, counted, and the run still ends", async () => {
    const hook = await receiver([], false);
    const dir = folder("dead-hook");
    const r = await logmon([
      "--replay",
      "--config",
      config(
        dir,
        `notify:\n  dead: { kind: webhook, url: "${hook.url}", timeout: 1s, tries: 2 }\n`,
      ),
    ]);
    const all = events(r.stdout);
    expect(notifies(all).map((n) => [n.ok, n.attempt, n.error])).toEqual([
      [false, 1, "no answer in 1s"],
      [false, 2, "no answer in 1s"],
      [false, 1, "no answer in 1s"],
      [false, 2, "no answer in 1s"],
    ]);
    expect(summaryOf(all).notify).toEqual({ dead: { sent: 0, failed: 2 } });
    // The monitor was not held up: the alert and recovery came before any give-up.
    const firstNotify = all.findIndex((e) => e.type === "notify");
    expect(all.findIndex((e) => e.type === "recover")).toBeLessThan(firstNotify);
  });
});

/** A free port on 127.0.0.1. */
async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(port, "127.0.0.1");
    c.on("connect", () => {
      c.end();
      resolve(true);
    });
    c.on("error", () => resolve(false));
  });
}

const AIOSMTPD = "/usr/bin/aiosmtpd";

describe.runIf(haveProgram(AIOSMTPD, "python3-aiosmtpd"))(
  "email channel (a real SMTP server: aiosmtpd)",
  () => {
    let smtp: ChildProcess | null = null;
    afterAll(() => smtp?.kill());

    it("mails the first alert at once and the rest as one digest, which stopping sends", async () => {
      const dir = folder("smtp");
      const mailbox = join(dir, "mail");
      const port = await freePort();
      smtp = spawn(
        AIOSMTPD,
        ["-n", "-l", `127.0.0.1:${port}`, "-c", "aiosmtpd.handlers.Mailbox", mailbox],
        { stdio: "ignore" },
      );
      await expect.poll(() => listening(port), { timeout: 20_000, interval: 100 }).toBe(true);
      const errors =
        "rules:\n  - { name: errors, kind: ratio, match: { status: [4xx, 5xx] }, max: 0.05, min_hits: 20, window: 30s }\n";
      const mail = `notify:\n  oncall: { kind: email, host: 127.0.0.1, port: ${port}, from: logmon@example.com, to: [oncall@example.com], digest: 5m }\n`;
      const r = await logmon(["--replay", "--config", config(dir, errors + mail)]);
      expect(r.stderr).toBe("");
      const all = events(r.stdout);
      const raised = all.filter((e) => e.type === "alert" || e.type === "recover");
      expect(raised.length).toBe(8);
      expect(summaryOf(all).notify).toEqual({ oncall: { sent: 2, failed: 0 } });
      // Long headers are folded onto continuation lines: unfolded here.
      const mails = readdirSync(join(mailbox, "new")).map((f) =>
        readFileSync(join(mailbox, "new", f), "utf8").replace(/\r?\n[ \t]+/g, " "),
      );
      expect(mails).toHaveLength(2);
      const subjects = mails.map((m) => /^Subject: (.*)$/m.exec(m)?.[1]).sort();
      expect(subjects).toEqual([
        "[logmon] 7 events: 3 alerts, 4 recoveries",
        "[logmon] errors: 10 % of requests, above 5 % of requests over 30s - hits = 20, triggered at 2026-11-21T08:00:19Z",
      ]);
      // The body is quoted-printable: soft line breaks and =XX escapes undone.
      const digest = (mails.find((m) => m.includes("7 events")) ?? "")
        .replace(/=\r?\n/g, "")
        .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      expect(digest).toContain(
        "High traffic generated an alert - hits = 64, triggered at 2026-11-21T08:01:10Z",
      );
    });
  },
);

describe("notify in the config", () => {
  it("a rule naming a channel that does not exist is a config error", async () => {
    const dir = folder("bad-route");
    const r = await logmon([
      "config",
      "check",
      "--config",
      config(dir, "rules:\n  - { name: r, kind: rate, max: 1, notify: [nowhere] }\n"),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /:6:44: rule r notifies nowhere, which is not a channel under notify:\n$/,
    );
  });

  it("a webhook whose URL variable is not set stops the start", async () => {
    const dir = folder("no-url");
    const file = config(dir, "notify:\n  h: { kind: webhook, url_env: LOGMON_TEST_NO_SUCH_URL }\n");
    const r = await logmon(["--replay", "--config", file]);
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toBe(
      "logmon: notify h: the environment variable LOGMON_TEST_NO_SUCH_URL is not set\n",
    );
  });

  it("an e-mail password comes from the environment variable it names; a missing one stops the start", async () => {
    const dir = folder("no-password");
    const file = config(
      dir,
      "notify:\n  m: { kind: email, host: 127.0.0.1, user: logmon, password_env: LOGMON_TEST_NO_SUCH_VAR, from: a@b.c, to: [d@e.f] }\n",
    );
    const r = await logmon(["--replay", "--config", file]);
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toBe(
      "logmon: notify m: the environment variable LOGMON_TEST_NO_SUCH_VAR is not set\n",
    );
  });

  it("--dry-notify says what would be sent, and sends nothing", async () => {
    const dir = folder("dry");
    const r = await logmon([
      "--replay",
      "--dry-notify",
      "--config",
      config(dir, "notify:\n  hook: { kind: webhook, url: 'http://127.0.0.1:1/never' }\n"),
    ]);
    expect(r.stderr).toBe(
      [
        "logmon: dry-notify hook (webhook http://127.0.0.1:1/never): High traffic generated an alert - hits = 64, triggered at 2026-11-21T08:01:10Z",
        "logmon: dry-notify hook (webhook http://127.0.0.1:1/never): Traffic recovered - hits = 59, recovered at 2026-11-21T08:02:19Z",
        "",
      ].join("\n"),
    );
    expect(notifies(events(r.stdout))).toEqual([]);
  });
});

describe("state file", () => {
  /** A log of `seconds` seconds at `perSecond` requests/s from 2026-11-21 10:00:00Z. */
  function busyLog(dir: string, name: string, perSecond: number[]): string {
    const start = Date.UTC(2026, 10, 21, 10, 0, 0) / 1000;
    const file = join(dir, name);
    writeFileSync(file, perSecond.map((n, i) => clfLines(start + i, n)).join(""));
    return file;
  }

  it("keeps the history across restarts and does not notify again an alert still firing", async () => {
    const hook = await receiver([]);
    const dir = folder("state");
    const state = join(dir, "state.jsonl");
    // 3 req/s for a minute: above -m 2 over 30 s, still firing when the log ends.
    const firing = busyLog(dir, "firing.log", Array<number>(60).fill(3));
    const file = join(dir, "logmon.yaml");
    writeFileSync(
      file,
      `max: 2\nwindow: 30s\njson: true\nstate_file: ${state}\nnotify:\n  hook: { kind: webhook, url: "${hook.url}" }\n`,
    );
    const first = await logmon(["--replay", "--config", file, firing]);
    expect(first.stderr).toBe("");
    expect(hook.bodies.map((b) => b.body.type)).toEqual(["alert"]);
    const second = await logmon(["--replay", "--config", file, firing]);
    expect(second.stderr).toBe(
      `logmon: state file ${state}: 1 earlier alerts and recoveries, still firing: high_traffic\n`,
    );
    expect(events(second.stdout).filter((e) => e.type === "alert")).toHaveLength(1);
    expect(hook.bodies.map((b) => b.body.type)).toEqual(["alert"]);
    // Traffic then falls: the recovery of the alert told in the first run is news.
    const calm = busyLog(dir, "calm.log", [
      ...Array<number>(60).fill(3),
      ...Array<number>(60).fill(1),
    ]);
    await logmon(["--replay", "--config", file, calm]);
    expect(hook.bodies.map((b) => b.body.type)).toEqual(["alert", "recover"]);
    const kept = readFileSync(state, "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => (JSON.parse(l) as { type: string }).type);
    expect(kept).toEqual(["alert", "alert", "alert", "recover"]);
  });

  it("sets a damaged state file aside, says so once, and runs", async () => {
    const dir = folder("state-bad");
    const state = join(dir, "state.jsonl");
    writeFileSync(state, '{"v":1,"type":"alert","rule":"x","id":"x@1","message":"m"}\n{"truncated');
    const file = join(dir, "logmon.yaml");
    writeFileSync(
      file,
      `files: [fixtures/combined.log]\nmax: 2\nwindow: 30s\njson: true\nstate_file: ${state}\n`,
    );
    const r = await logmon(["--replay", "--config", file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(
        `^logmon: state file ${state} is damaged at line 2: set aside as ${state}\\.corrupt-\\S+; starting without it\\n$`,
      ),
    );
    expect(readdirSync(dir).filter((f) => f.startsWith("state.jsonl.corrupt-"))).toHaveLength(1);
    expect(readFileSync(state, "utf8").trimEnd().split("\n")).toHaveLength(2);
  });
});
