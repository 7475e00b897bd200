import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { clfLines } from "../cli/live.js";
import { POLL, serving, type Serving } from "./http-run.js";

const started: Serving[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const s of started.splice(0)) s.run.proc.kill("SIGKILL");
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const T0 = Date.UTC(2026, 10, 21, 8, 0, 0) / 1000;

/** logmon following a new access.log in a temporary folder, serving HTTP. */
async function following(): Promise<{ s: Serving; path: string }> {
  const dir = mkdtempSync(join(tmpdir(), "logmon-rotation-"));
  dirs.push(dir);
  const path = join(dir, "access.log");
  writeFileSync(path, "");
  const s = await serving(["-f", path, "--json", "--interval", "10s"]);
  started.push(s);
  return { s, path };
}

async function lines(s: Serving): Promise<{ lines: string[]; gone: number }> {
  const body = (await s.get("/api/v1/lines?limit=10000")).body as {
    lines: { line: string }[];
    gone?: number;
  };
  return { lines: body.lines.map((l) => l.line), gone: body.gone ?? 0 };
}

describe("recent lines of followed files, read back from the file", () => {
  it("gives the lines of a file rotated away, from the file it now is", async () => {
    const { s, path } = await following();
    const before = clfLines(T0, 20, "/before");
    appendFileSync(path, before);
    await expect.poll(async () => (await lines(s)).lines.length, POLL).toBe(20);
    renameSync(path, `${path}.1`);
    writeFileSync(path, "");
    const after = clfLines(T0 + 20, 10, "/after");
    appendFileSync(path, after);
    const all = `${before}${after}`.trim().split("\n");
    await expect.poll(async () => (await lines(s)).lines, POLL).toEqual(all);
  });

  it("leaves out lines a truncated file no longer holds, and never shows other bytes as them", async () => {
    const { s, path } = await following();
    appendFileSync(path, clfLines(T0, 20, "/old"));
    await expect.poll(async () => (await lines(s)).lines.length, POLL).toBe(20);
    // copytruncate, then a writer starting again: the old offsets now hold other lines.
    writeFileSync(path, "");
    const fresh = clfLines(T0 + 30, 40, "/new");
    appendFileSync(path, fresh);
    await expect.poll(async () => (await lines(s)).lines.length, POLL).toBe(40);
    const answer = await lines(s);
    expect(answer.lines).toEqual(fresh.trim().split("\n"));
    expect(answer.gone).toBe(20);
  });
});
