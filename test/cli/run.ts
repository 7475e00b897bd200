import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The built command, as `npx logmon` runs it. */
export const BIN = fileURLToPath(new URL("../../bin/logmon.js", import.meta.url));
/** The repository root, where fixture paths are relative to. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** What a finished run of the CLI printed and returned. */
export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Runs the built CLI with `args` from the repository root, in UTC, feeding `stdin` if given. */
export function logmon(
  args: string[],
  stdin?: string | Buffer,
  env: Record<string, string> = {},
): Promise<RunResult> {
  return shell(process.execPath, [BIN, ...args], stdin, env);
}

/** Runs a command and collects its output and exit status. */
export function shell(
  cmd: string,
  args: string[],
  stdin?: string | Buffer,
  env: Record<string, string> = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: ROOT,
      env: { ...process.env, TZ: "UTC", ...env },
      stdio: [stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ stdout, stderr, code }));
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
}
