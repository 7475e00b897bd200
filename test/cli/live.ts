import { spawn, type ChildProcess } from "node:child_process";
import { formatClfTime } from "../../src/generate/formats.js";
import { BIN, ROOT } from "./run.js";

/** `count` Combined lines stamped at epoch second `t`. */
export function clfLines(t: number, count: number, section = "/api"): string {
  let out = "";
  for (let i = 0; i < count; i++) {
    out += `10.0.0.${i % 200} - - [${formatClfTime(t)}] "GET ${section}/${i} HTTP/1.1" 200 ${i} "-" "test"\n`;
  }
  return out;
}

/** A logmon process left running, with what it has printed so far. */
export interface Running {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** The NDJSON events printed so far. */
  events: () => { type: string; [key: string]: unknown }[];
  exited: Promise<number | null>;
}

/** Starts the built CLI in the background (in UTC), optionally through a wrapper command. */
export function startLogmon(
  args: string[],
  wrapper: string[] = [],
  env: Record<string, string> = {},
): Running {
  const [cmd, ...rest] = [...wrapper, process.execPath, BIN, ...args];
  const proc = spawn(cmd as string, rest, {
    cwd: ROOT,
    env: { ...process.env, TZ: "UTC", ...env },
    stdio: "pipe",
  });
  let out = "";
  let err = "";
  proc.stdout.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on("close", (code) => resolve(code)));
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    events: () =>
      out
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as { type: string }),
    exited,
  };
}
