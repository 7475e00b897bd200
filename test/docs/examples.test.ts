import { execFileSync, spawn } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, ROOT } from "../cli/run.js";

/**
 * Every command the README shows in its shell blocks (and after "$ " in its other blocks), a
 * command continued over lines while a quote is open joined into one.
 */
function readmeCommands(): string[] {
  const text = readFileSync(join(ROOT, "README.md"), "utf8");
  const out: string[] = [];
  for (const block of text.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)) {
    const shell = block[1] === "sh";
    let pending = "";
    for (const raw of (block[2] as string).split("\n")) {
      const line = shell ? raw : raw.startsWith("$ ") ? raw.slice(2) : "";
      if (line.trim() === "" && pending === "") continue;
      pending = pending === "" ? line : `${pending}\n${line}`;
      const quotes = (pending.replace(/\\./g, "").match(/"/g) ?? []).length;
      if (quotes % 2 === 0) {
        out.push(pending);
        pending = "";
      }
    }
  }
  return out.filter((c) => /(^|\| )logmon\b/.test(c));
}

/** The examples of `logmon [command] --help`: lines under "Examples:", their descriptions cut. */
function helpCommands(command: string[]): string[] {
  const help = execFileSync(process.execPath, [BIN, ...command, "--help"], { encoding: "utf8" });
  const after = help.split("\nExamples:\n")[1] ?? "";
  const block = after.split("\n\n")[0] ?? "";
  return block
    .split("\n")
    .map((l) => l.trim().split(/ {2,}/)[0] as string)
    .filter((l) => l !== "");
}

/** A folder where the examples' paths exist: logs, /var/log and /tmp stand-ins, fixtures, `logmon` on the PATH. */
function sandbox(): string {
  const dir = mkdtempSync(join(tmpdir(), "logmon-examples-"));
  const log = join(ROOT, "fixtures/combined.log");
  for (const sub of ["bin", "var/log/nginx", "var/log/apache2", "tmp"])
    mkdirSync(join(dir, sub), { recursive: true });
  for (const name of [
    "access.log",
    "a.log",
    "var/log/nginx/access.log",
    "var/log/apache2/access.log",
  ]) {
    copyFileSync(log, join(dir, name));
  }
  symlinkSync(join(ROOT, "fixtures"), join(dir, "fixtures"));
  writeFileSync(join(dir, "bin/logmon"), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(join(dir, "bin/logmon"), 0o755);
  return dir;
}

const DIR = sandbox();

/** Runs a shell command line in the sandbox for at most `seconds` (then SIGINT to all of it). */
function run(line: string, seconds: number): Promise<{ code: number | null; stderr: string }> {
  const local = line.replace(/(?<![\w.-])\/(var\/log|tmp)\//g, (path) => `${DIR}${path}`);
  return new Promise((resolve, reject) => {
    const child = spawn("timeout", ["-s", "INT", "-k", "5", String(seconds), "bash", "-c", local], {
      cwd: DIR,
      env: {
        ...process.env,
        PATH: `${DIR}/bin:${process.env.PATH ?? ""}`,
        TZ: "UTC",
        TERM: "dumb",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

/**
 * Runs an example: it ends well (0; `check` may say 1, its verdict on the sandbox's log) or is
 * still running when stopped (124), and complains of nothing on stderr.
 */
async function expectWorks(line: string): Promise<void> {
  const r = await run(line, 4);
  // Every path an example names exists in the sandbox: even "waiting for" is a complaint. Where
  // a listener listens is news, not a complaint.
  const complaints = r.stderr
    .split("\n")
    .filter(
      (l) => l !== "" && !/^logmon: (listening on \S+ \(syslog\)|serving http:\/\/\S+ .*)$/.test(l),
    );
  const fine = r.code === 124 || (r.code === 1 && line.startsWith("logmon check")) ? r.code : 0;
  expect({ line, code: r.code, complaints }).toEqual({ line, code: fine, complaints: [] });
}

describe("every example in the README and in --help runs", () => {
  const readme = readmeCommands();
  const help = [...helpCommands([]), ...helpCommands(["generate"]), ...helpCommands(["check"])];

  it("finds the examples (the extraction itself works)", () => {
    expect(readme.length).toBeGreaterThanOrEqual(12);
    expect(readme).toContain(
      "cat access.log | logmon -                # read a log from standard input",
    );
    expect(
      readme.some((c) =>
        c.startsWith('logmon -f /var/log/nginx/access.log --format "log_format timed'),
      ),
    ).toBe(true);
    expect(help).toContain(
      "logmon generate --scenario fixtures/scenarios/incident.json -o /tmp/access.log",
    );
    expect(help.length).toBeGreaterThanOrEqual(12);
    expect(readme).toContain("logmon check fixtures/combined.log");
  });

  it.concurrent.each(readme.map((c) => [c]))(
    "README: %s",
    async (line) => expectWorks(line),
    30_000,
  );
  it.concurrent.each(help.map((c) => [c]))("--help: %s", async (line) => expectWorks(line), 30_000);
});
