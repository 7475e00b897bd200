import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { POLL, tmuxServer } from "./tmux.js";
import { BIN, ROOT } from "./run.js";

const tmux = tmuxServer("keys");
const ENV = "TZ=UTC LANG=C.UTF-8 TERM=xterm-256color";

/** Starts logmon with `args` in a new tmux session of `width`×`height`; returns a screen reader. */
function start(session: string, args: string, width: number, height: number) {
  const command = `cd '${ROOT}'; ${ENV} '${process.execPath}' '${BIN}' ${args}; sleep 60`;
  tmux("new-session", "-d", "-s", session, "-x", String(width), "-y", String(height), command);
  return {
    screen: () => tmux("capture-pane", "-p", "-t", session),
    /** The screen with its attributes: inverse cells start with ESC [7m. */
    styled: () => tmux("capture-pane", "-p", "-e", "-t", session),
    keys: (...keys: string[]) => tmux("send-keys", "-t", session, ...keys),
  };
}

/** A colour or attribute escape (ESC [ … m). */
const SGR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

/** The text of the row drawn inverse (the selection), or null. */
function selectedRow(styled: string): string | null {
  const line = styled.split("\n").find((l) => l.includes("\u001b[7m"));
  if (line === undefined) return null;
  const after = line.slice(line.indexOf("\u001b[7m") + 4);
  return after.replace(SGR, "").split("│")[0]?.trim() ?? null;
}

/** A log of one busy second over `sections` sections (/s00 the busiest), then a later line. */
function sectionsLog(dir: string, sections: number): string {
  const at = "[21/Nov/2026:10:00:05 +0000]";
  const lines: string[] = [];
  for (let i = 0; i < sections; i++) {
    const name = `/s${String(i).padStart(2, "0")}`;
    for (let n = 0; n < 40 - i; n++)
      lines.push(`10.0.0.${n} - - ${at} "GET ${name} HTTP/1.1" 200 1`);
  }
  const log = join(dir, "sections.log");
  writeFileSync(log, `${lines.join("\n")}\n`);
  return log;
}

/** Reads the screen for `ms` (polling, real time passing) and returns every distinct capture. */
async function capturesDuring(read: () => string, ms: number): Promise<Set<string>> {
  const seen = new Set<string>();
  const until = Date.now() + ms;
  while (Date.now() < until) {
    seen.add(read());
    await new Promise((r) => setTimeout(r, 100));
  }
  return seen;
}

describe("dashboard keys and sizes in a real terminal (tmux)", () => {
  it("p holds every panel still while reports keep coming, and p again resumes", async () => {
    const s = start("pause", "demo --speed 20 --seed 3", 100, 30);
    await expect.poll(s.screen, POLL).toMatch(/│ ?\/\S+ +\d+ /);
    s.keys("p");
    await expect.poll(s.screen, POLL).toContain("[PAUSED — p resumes]");
    const held = s.screen();
    // At 20× a report comes every half second: three seconds would redraw six of them.
    expect(await capturesDuring(s.screen, 3000)).toEqual(new Set([held]));
    s.keys("p");
    await expect.poll(s.screen, POLL).not.toBe(held);
    expect(s.screen()).not.toContain("PAUSED");
  });

  it("↓ and j move a visible selection at once, ↑ and k back; the table scrolls to keep it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-keys-"));
    const s = start(
      "arrows",
      `--replay --no-run-stats --top 20 '${sectionsLog(dir, 20)}'`,
      100,
      30,
    );
    await expect.poll(s.screen, POLL).toMatch(/│ ?\/s00 +40 /);
    expect(selectedRow(s.styled())).toMatch(/^\/s00 +40 /);
    s.keys("Down");
    await expect.poll(() => selectedRow(s.styled()), POLL).toMatch(/^\/s01 +39 /);
    s.keys("j");
    await expect.poll(() => selectedRow(s.styled()), POLL).toMatch(/^\/s02 +38 /);
    s.keys("k");
    await expect.poll(() => selectedRow(s.styled()), POLL).toMatch(/^\/s01 +39 /);
    s.keys("Up");
    await expect.poll(() => selectedRow(s.styled()), POLL).toMatch(/^\/s00 +40 /);
    for (let i = 0; i < 25; i++) s.keys("j");
    await expect.poll(() => selectedRow(s.styled()), POLL).toMatch(/^\/s19 +21 /);
    expect(s.screen()).not.toMatch(/│ ?\/s00 /);
    s.keys("Tab");
    await expect.poll(() => selectedRow(s.styled()), POLL).toMatch(/^10\.0\.0\.0 +20$/);
  });

  it("a replay opens on the whole run; v shows the live window and back", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-view-"));
    const s = start("view", `--replay '${sectionsLog(dir, 12)}'`, 120, 40);
    await expect.poll(s.screen, POLL).toMatch(/│ ?\/s00 +40 /);
    expect(s.screen()).toContain("Paths · whole run");
    expect(s.screen()).toMatch(/Requests per 1m · whole run/);
    expect(s.screen()).toContain("v: live window");
    s.keys("v");
    await expect.poll(s.screen, POLL).toMatch(/Requests\/s · last 2m/);
    expect(s.screen()).toContain("v: whole run");
    expect(s.screen()).not.toContain("whole run ─");
    s.keys("v");
    await expect.poll(s.screen, POLL).toContain("Paths · whole run");
    // R starts the whole run again: nothing counted since.
    s.keys("R");
    await expect.poll(s.screen, POLL).not.toMatch(/│ ?\/s00 +\d+ /);
    expect(s.screen()).toContain("requests 0 · visitors 0");
  });

  it("after shrinking from 120×40 to 80×24 the screen is the one drawn when started at 80×24", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-resize-"));
    const log = sectionsLog(dir, 12);
    const resized = start("resized", `--replay '${log}'`, 120, 40);
    await expect.poll(resized.screen, POLL).toMatch(/│ ?\/s00 +40 /);
    tmux("resize-window", "-t", "resized", "-x", "80", "-y", "24");
    const direct = start("direct", `--replay '${log}'`, 80, 24);
    await expect.poll(direct.screen, POLL).toMatch(/│ ?\/s00 +40 /);
    await expect.poll(resized.screen, POLL).toBe(direct.screen());
    // And back: growing again gives the big screen's picture.
    tmux("resize-window", "-t", "resized", "-x", "120", "-y", "40");
    const big = start("big", `--replay '${log}'`, 120, 40);
    await expect.poll(big.screen, POLL).toMatch(/│ ?\/s00 +40 /);
    await expect.poll(resized.screen, POLL).toBe(big.screen());
  });

  it("at 60×16 the chart shows its bars and both tables show rows; at 80×24 names end in … before the hits", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-small-"));
    const log = join(dir, "long-names.log");
    const at = "[21/Nov/2026:10:00:05 +0000]";
    const names = ["/presentations-2026-autumn", "/presentations-2026-spring", "/api"];
    const lines = names.flatMap((n, i) =>
      Array.from({ length: 30 - i }, (_, k) => `10.0.0.${k} - - ${at} "GET ${n}/x HTTP/1.1" 200 1`),
    );
    writeFileSync(log, `${lines.join("\n")}\n`);
    const small = start("small", `--replay --no-run-stats -m 100 '${log}'`, 60, 16);
    await expect.poll(small.screen, POLL).toMatch(/│ ?\/presen\S*… +30 /);
    expect(small.screen()).toMatch(/[▁▂▃▄▅▆▇█]/);
    expect(small.screen()).toMatch(/│ ?10\.0\.0\.0 +3│/);
    const medium = start("medium", `--replay --no-run-stats -m 100 '${log}'`, 80, 24);
    await expect.poll(medium.screen, POLL).toMatch(/│ ?\/presentations-2026\S*… +30 /);
    expect(medium.screen()).toMatch(/│ ?\/presentations-2026\S*… +29 /);
    expect(medium.screen()).toContain("Alert history · no alerts yet");
  });

  it("a replayed log from another day shows its date, 'replayed' and the average rate", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-date-"));
    const s = start("dated", `--replay '${sectionsLog(dir, 3)}'`, 140, 30);
    await expect.poll(s.screen, POLL).toMatch(/2026-11-21 10:00:05Z replayed/);
    expect(s.screen()).toMatch(/avg [\d,]+ lines\/s/);
    expect(s.screen()).not.toContain("behind");
  });

  it("waiting for a file that does not exist says so in the dashboard, with the demo hint", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-missing-"));
    const s = start("missing", `-f '${join(dir, "access.log")}'`, 140, 30);
    await expect
      .poll(s.screen, POLL)
      .toMatch(/Waiting for log lines in \S+access\.log \(no such file or directory\)/);
    expect(s.screen()).toContain("try `logmon demo`");
  });
});
