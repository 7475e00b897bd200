import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { clfLines } from "./live.js";
import { POLL, tmuxServer } from "./tmux.js";
import { BIN, ROOT } from "./run.js";

const tmux = tmuxServer("e2e");
const screen = () => tmux("capture-pane", "-p", "-t", "dash");

describe("the dashboard in a real terminal (tmux)", () => {
  it("shows sections, raises the alert in banner and history, quits on q and restores the terminal", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-dash-"));
    const log = join(dir, "access.log");
    const file = (name: string) => join(dir, name);
    writeFileSync(log, "");
    const command = [
      `cd '${ROOT}'`,
      `stty -g > '${file("stty-before")}'`,
      `TZ=UTC LANG=C.UTF-8 TERM=xterm-256color '${process.execPath}' '${BIN}' -f '${log}' -m 10 -w 5s -i 1s 2> '${file("stderr")}'`,
      `echo $? > '${file("status")}.tmp'; mv '${file("status")}.tmp' '${file("status")}'`,
      `stty -g > '${file("stty-after")}.tmp'; mv '${file("stty-after")}.tmp' '${file("stty-after")}'`,
      "sleep 60",
    ].join("; ");
    tmux("new-session", "-d", "-s", "dash", "-x", "120", "-y", "40", command);

    let perTick = 1;
    const writer = setInterval(() => {
      appendFileSync(log, clfLines(Math.floor(Date.now() / 1000), perTick, "/checkout"));
    }, 200);
    try {
      await expect.poll(screen, POLL).toMatch(/│\/checkout +\d+/);
      expect(screen()).toContain("Traffic normal");
      perTick = 20;
      await expect.poll(screen, POLL).toContain("▲ HIGH TRAFFIC");
      await expect
        .poll(screen, POLL)
        .toMatch(/High traffic generated an alert - hits = \d+, triggered at /);
    } finally {
      clearInterval(writer);
    }
    const shown = /High traffic generated an alert - hits = \d+, triggered at \S+Z/.exec(
      screen(),
    )?.[0];

    tmux("send-keys", "-t", "dash", "q");
    await expect.poll(() => existsSync(file("stty-after")), POLL).toBe(true);
    expect(readFileSync(file("status"), "utf8").trim()).toBe("0");
    expect(readFileSync(file("stty-after"), "utf8")).toBe(
      readFileSync(file("stty-before"), "utf8"),
    );
    expect(tmux("display", "-p", "-t", "dash", "#{alternate_on} #{cursor_flag}").trim()).toBe(
      "0 1",
    );
    expect(readFileSync(file("stderr"), "utf8")).toBe("");
    const after = tmux("capture-pane", "-p", "-S", "-100", "-t", "dash");
    expect(after).toContain("Summary");
    expect(shown).toBeDefined();
    expect(after).toContain(shown as string);
  });

  it("--replay shows the end state with the last report and alert, until q", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-dash-replay-"));
    const log = join(dir, "one-second.log");
    const at = "[21/Nov/2026:10:00:05 +0000]";
    const lines = Array.from(
      { length: 40 },
      (_, i) => `10.0.0.${i} - - ${at} "GET /only HTTP/1.1" 200 1`,
    );
    writeFileSync(log, `${lines.join("\n")}\n`);
    const command = `cd '${ROOT}'; TZ=UTC LANG=C.UTF-8 TERM=xterm-256color '${process.execPath}' '${BIN}' --replay -m 1 -w 10s '${log}'; sleep 60`;
    tmux("new-session", "-d", "-s", "replay", "-x", "120", "-y", "40", command);
    const shown = () => tmux("capture-pane", "-p", "-t", "replay");
    await expect.poll(shown, POLL).toMatch(/│\/only +40 /);
    expect(shown()).toContain("▲ HIGH TRAFFIC");
    expect(shown()).toContain(
      "High traffic generated an alert - hits = 40, triggered at 2026-11-21T10:00:05Z",
    );
    tmux("send-keys", "-t", "replay", "q");
    await expect.poll(shown, POLL).toContain("Summary");
  });

  it.each(["xterm-256color", "xterm", "screen-256color", "tmux-256color", "linux", "dumb"])(
    "TERM=%s: no terminfo error text on screen or stderr, and the terminal restored",
    async (term) => {
      const dir = mkdtempSync(join(tmpdir(), "logmon-term-"));
      const log = join(dir, "access.log");
      const file = (name: string) => join(dir, name);
      writeFileSync(log, clfLines(Math.floor(Date.now() / 1000), 30, "/checkout"));
      const session = `term-${term}`;
      const command = [
        `cd '${ROOT}'`,
        `stty -g > '${file("stty-before")}'`,
        `TZ=UTC LANG=C.UTF-8 TERM=${term} '${process.execPath}' '${BIN}' -f '${log}' --idle-exit 3s 2> '${file("stderr")}'`,
        `stty -g > '${file("stty-after")}.tmp'; mv '${file("stty-after")}.tmp' '${file("stty-after")}'`,
        "sleep 60",
      ].join("; ");
      tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", command);
      const pane = () => tmux("capture-pane", "-p", "-t", session);
      const expected = term === "dumb" ? "Summary" : "Top sections";
      await expect.poll(pane, POLL).toContain(expected);
      expect(pane()).not.toMatch(/Error on|Setulc|plab_norm|terminfo/i);
      await expect.poll(() => existsSync(file("stty-after")), POLL).toBe(true);
      expect(readFileSync(file("stderr"), "utf8")).toBe("");
      expect(readFileSync(file("stty-after"), "utf8")).toBe(
        readFileSync(file("stty-before"), "utf8"),
      );
      expect(tmux("display", "-p", "-t", session, "#{alternate_on} #{cursor_flag}").trim()).toBe(
        "0 1",
      );
    },
  );
});
