import { mkdtempSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, logmon, shell } from "./run.js";

function expectUsageError(
  r: { stdout: string; stderr: string; code: number | null },
  text: string,
) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).toMatch(/^logmon: [^\n]+\n$/);
  expect(r.stderr).toContain(text);
}

describe("logmon: bad command lines get one line on stderr and status 2", () => {
  it("a missing file", async () => {
    expectUsageError(
      await logmon(["--replay", "/nonexistent/access.log"]),
      "cannot read /nonexistent/access.log: no such file or directory",
    );
  });

  it("a directory", async () => {
    expectUsageError(await logmon(["--replay", "-f", "/tmp"]), "/tmp is a directory");
  });

  it("an unreadable file", async () => {
    if (process.getuid?.() === 0) return; // root reads everything; covered on non-root machines
    const dir = mkdtempSync(join(tmpdir(), "logmon-"));
    const file = join(dir, "secret.log");
    writeFileSync(file, "");
    chmodSync(file, 0);
    expectUsageError(await logmon(["--replay", file]), "permission denied");
  });

  it.each([
    [["--bogus"], "unknown option '--bogus'"],
    [["-m", "lots"], "requests/second"],
    [["-m", "-3"], "requests/second"],
    [["-w", "2 minutes"], "--window must be a duration"],
    [["-w", "0s"], "--window must be between"],
    [["-i", "1.5s"], "--interval must be a duration"],
    [["--top", "0"], "--top must be a whole number"],
    [["--json", "--plain"], "--json and --plain exclude each other"],
    [["-f", "-", "-"], "standard input (-) can be read only once"],
  ])("%j", async (args, text) => {
    expectUsageError(await logmon([...args, "--replay"], ""), text);
  });

  it.each([
    [["--from-start", "--from-end", "x.log"], "--from-start and --from-end exclude each other"],
    [["-f", "/var/*/access.log"], "wildcards are supported in the file name only"],
    [["--idle-exit", "soon", "x.log"], "--idle-exit must be a duration"],
  ])("%j (following)", async (args, text) => {
    expectUsageError(await logmon(args), text);
  });

  it("a pattern that matches nothing, with --replay", async () => {
    expectUsageError(await logmon(["--replay", "-f", "/tmp/no-such-dir-*.log"]), "no file matches");
  });
});

describe("logmon: help and version", () => {
  it("--help shows usage with examples and exits 0", async () => {
    const r = await logmon(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: logmon [options] [command] [files...]");
    expect(r.stdout).toMatch(/generate \[options\] +write realistic access-log lines/);
    expect(r.stdout).toMatch(/demo \[options\] +the dashboard on generated traffic/);
    expect(r.stdout).toContain("Examples:");
    expect(r.stdout).toContain("High traffic generated an alert");
  });

  it("--version prints the package version", async () => {
    const r = await logmon(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe("logmon: a reader that goes away", () => {
  it("exits quietly with status 0 when stdout is closed early", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-"));
    const file = join(dir, "big.log");
    const lines: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const s = String(i % 60).padStart(2, "0");
      const m = String(Math.floor(i / 60) % 60).padStart(2, "0");
      lines.push(`10.0.0.1 - - [21/Nov/2026:08:${m}:${s} +0000] "GET /a/${i} HTTP/1.1" 200 10`);
    }
    writeFileSync(file, `${lines.join("\n")}\n`);
    const r = await shell("bash", [
      "-c",
      `set -o pipefail; "${process.execPath}" "${BIN}" --replay "${file}" --json -i 1s | head -1`,
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ v: 1, type: "report" });
  });
});
