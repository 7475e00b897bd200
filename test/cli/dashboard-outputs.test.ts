import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { clfLines } from "./live.js";
import { POLL, tmuxServer } from "./tmux.js";
import { BIN, logmon, ROOT } from "./run.js";

const tmux = tmuxServer("outputs");

describe("the dashboard sees every event, from the first byte read (tmux)", () => {
  it("an alert raised while the start-up backfill is read is in the history, and nothing is written behind the dashboard", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-backfill-"));
    const log = join(dir, "access.log");
    const file = (name: string) => join(dir, name);
    // The last two minutes average 13 req/s: above -m 5 from the backfill alone.
    const now = Math.floor(Date.now() / 1000);
    let text = "";
    for (let t = now - 119; t <= now; t++) text += clfLines(t, 13, "/busy");
    writeFileSync(log, text);
    const session = "backfill";
    const run = [
      `cd '${ROOT}'`,
      `TZ=UTC LANG=C.UTF-8 TERM=xterm-256color '${process.execPath}' '${BIN}' -f '${log}' -m 5 2> '${file("stderr")}'`,
      `echo $? > '${file("status")}.tmp'; mv '${file("status")}.tmp' '${file("status")}'`,
      "sleep 60",
    ].join("; ");
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", "sleep 0.5; " + run);
    // Every byte logmon writes to the terminal, from its start.
    tmux("pipe-pane", "-o", "-t", session, `cat >> '${file("raw")}'`);
    const screen = () => tmux("capture-pane", "-p", "-t", session);
    await expect.poll(screen, POLL).toContain("▲ HIGH TRAFFIC");
    await expect
      .poll(screen, POLL)
      .toMatch(/High traffic generated an alert - hits = \d+, triggered at \S+Z/);
    expect(screen()).not.toContain("no alerts yet");
    expect(screen()).toMatch(/Alert history · 1 alert /);
    tmux("send-keys", "-t", session, "q");
    await expect.poll(() => existsSync(file("status")), POLL).toBe(true);
    expect(readFileSync(file("status"), "utf8").trim()).toBe("0");
    await expect.poll(() => tmux("capture-pane", "-p", "-t", session), POLL).toContain("Summary");
    // What was written while the dashboard held the screen (up to leaving the alternate screen):
    // drawing only, no plain report or alert line behind it.
    const raw = readFileSync(file("raw"), "latin1");
    const left = raw.lastIndexOf("\x1b[?1049l");
    expect(left).toBeGreaterThan(0);
    const behind = raw.slice(0, left);
    expect(behind).toContain("HIGH TRAFFIC");
    expect(behind).not.toMatch(/triggered at [0-9T:-]+Z\r?\n/);
    expect(behind).not.toContain("  window     ");
    expect(readFileSync(file("stderr"), "utf8")).toBe("");
  });

  it.each([
    ["cat LOG | logmon -", (bin: string, log: string) => `cat '${log}' | ${bin} -`],
    ["logmon < LOG", (bin: string, log: string) => `${bin} < '${log}'`],
  ])(
    "%s in a terminal: only the dashboard until q, its end state kept, then the summary",
    async (name, line) => {
      const dir = mkdtempSync(join(tmpdir(), "logmon-piped-"));
      const log = join(dir, "access.log");
      const file = (f: string) => join(dir, f);
      let text = "";
      for (let t = 0; t < 600; t++) text += clfLines(1_763_712_000 + t, 3, "/piped");
      writeFileSync(log, text);
      const session = name.startsWith("cat") ? "piped-cat" : "piped-redirect";
      const bin = `TZ=UTC LANG=C.UTF-8 TERM=xterm-256color '${process.execPath}' '${BIN}'`;
      const run = `cd '${ROOT}'; ${line(bin, log)} 2> '${file("stderr")}'; echo $? > '${file("status")}'; sleep 60`;
      tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", "sleep 0.5; " + run);
      tmux("pipe-pane", "-o", "-t", session, `cat >> '${file("raw")}'`);
      const screen = () => tmux("capture-pane", "-p", "-t", session);
      await expect.poll(screen, POLL).toMatch(/replayed · 1,800 lines/);
      expect(screen()).toMatch(/│ ?\/piped +30 /);
      tmux("send-keys", "-t", session, "q");
      await expect.poll(() => existsSync(file("status")), POLL).toBe(true);
      await expect.poll(() => tmux("capture-pane", "-p", "-t", session), POLL).toContain("Summary");
      const raw = readFileSync(file("raw"), "latin1");
      const behind = raw.slice(0, raw.lastIndexOf("\x1b[?1049l"));
      expect(behind).toContain("/piped");
      expect(behind).not.toContain("  window     ");
      expect(readFileSync(file("stderr"), "utf8")).toBe("");
    },
  );

  it("--json-file beside the dashboard writes the same NDJSON as --json alone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-json-file-"));
    const out = join(dir, "events.ndjson");
    const args = ["--replay", "fixtures/combined.log", "-m", "1", "-w", "30s", "-i", "30s"];
    const session = "jsonfile";
    const run = [
      `cd '${ROOT}'`,
      `TZ=UTC LANG=C.UTF-8 TERM=xterm-256color '${process.execPath}' '${BIN}' ${args.join(" ")} --json-file '${out}'`,
      `echo $? > '${out}.status'`,
      "sleep 60",
    ].join("; ");
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", run);
    const screen = () => tmux("capture-pane", "-p", "-t", session);
    await expect.poll(screen, POLL).toContain("Paths · whole run");
    tmux("send-keys", "-t", session, "q");
    await expect.poll(() => existsSync(`${out}.status`), POLL).toBe(true);
    const alone = await logmon([...args, "--json"]);
    expect(alone.stdout.split("\n").length).toBeGreaterThan(10);
    expect(readFileSync(out, "utf8")).toBe(alone.stdout);
  });

  it("--json-file to a place that cannot be written is a usage error before anything runs", async () => {
    const r = await logmon(["--replay", "fixtures/combined.log", "--json-file", "/nonexistent/x"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("logmon: cannot write /nonexistent/x: no such file or directory\n");
    expect(r.stdout).toBe("");
  });

  it.each([
    ["Ctrl-C", 130],
    ["SIGHUP", 129],
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ])(
    "%s on the dashboard restores the terminal, writes the summary and exits %i",
    async (how, code) => {
      const dir = mkdtempSync(join(tmpdir(), "logmon-stop-"));
      const log = join(dir, "access.log");
      const file = (name: string) => join(dir, name);
      writeFileSync(log, clfLines(Math.floor(Date.now() / 1000), 5, "/checkout"));
      const session = `stop-${how}`;
      const run = [
        `cd '${ROOT}'`,
        `sh -c 'echo $$ > "${file("pid")}"; exec env TZ=UTC LANG=C.UTF-8 TERM=xterm-256color "${process.execPath}" "${BIN}" -f "${log}"'`,
        `echo $? > '${file("status")}.tmp'; mv '${file("status")}.tmp' '${file("status")}'`,
        "sleep 60",
      ].join("; ");
      tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", run);
      const screen = () => tmux("capture-pane", "-p", "-t", session);
      await expect.poll(screen, POLL).toContain("Top sections");
      if (how === "Ctrl-C") tmux("send-keys", "-t", session, "C-c");
      else process.kill(Number(readFileSync(file("pid"), "utf8")), how);
      await expect.poll(() => existsSync(file("status")), POLL).toBe(true);
      expect(readFileSync(file("status"), "utf8").trim()).toBe(String(code));
      expect(tmux("display", "-p", "-t", session, "#{alternate_on} #{cursor_flag}").trim()).toBe(
        "0 1",
      );
      expect(screen()).toContain("Summary");
    },
  );
});
