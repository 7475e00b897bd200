import { readFileSync } from "node:fs";
import { PassThrough } from "node:stream";
import type { Clock } from "../core/clock.js";
import { SCHEMA_VERSION } from "../core/event.js";
import { setDisplayZone, zoneFromTz } from "../core/time.js";
import { readableFiles } from "../input/files.js";
import { parserFactory } from "../parse/detect.js";
import { DEFAULTS } from "../pipeline/options.js";
import { runPipeline, type PipelineEnv } from "../pipeline/run.js";
import { checkFile, checkText } from "./check.js";
import { readConfig } from "./config.js";
import { runGenerate, startDemoTraffic } from "./generate.js";
import { inputSpecs, stdinIsPiped } from "./inputs.js";
import { prometheusRules } from "./prometheus-rules.js";
import { parseOptions, type CheckOptions } from "./options.js";
import { UsageError } from "./parsers.js";

/** The wall clock; the only place the program reads it. */
const systemClock: Clock = { nowMs: () => Date.now() };

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

function say(message: string): void {
  process.stderr.write(`logmon: ${message}\n`);
}

/** Exits quietly when the reader of stdout goes away (`logmon … | head -1`). */
function exitOnClosedPipe(): void {
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
    say(`cannot write output: ${err.message}`);
    process.exit(1);
  });
}

/** The process as a pipeline sees it: its streams, its signals, its clock. */
function processEnv(stdin: PipelineEnv["stdin"]): PipelineEnv {
  return {
    clock: systemClock,
    stdin,
    stdout: process.stdout,
    stderr: (text) => process.stderr.write(text),
    onSignal: (stop) => {
      // Handlers stay installed (not once): blessed exits with 0 on a signal when it finds itself
      // its only listener; the first signal decides the status.
      const statuses = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
      for (const [signal, status] of Object.entries(statuses))
        process.on(signal, () => stop(status));
    },
    onCrash: (cleanup) => {
      process.on("uncaughtException", (err) => {
        cleanup();
        say(`internal error: ${err.message}`);
        process.exit(1);
      });
    },
  };
}

/** The zone times are shown in: --tz, else TZ when logmon can read it (said on stderr when not). */
function shownZone(tz: string | null): string | null {
  if (tz !== null) return tz;
  const local = zoneFromTz(process.env.TZ);
  if (local.problem !== null) say(local.problem);
  return local.zone;
}

async function runCheck(o: CheckOptions): Promise<number> {
  setDisplayZone(shownZone(o.tz));
  let make;
  try {
    make = parserFactory(o.format, o.jsonFields);
  } catch (err) {
    throw new UsageError(`--format: ${(err as Error).message}`, 2);
  }
  const files: string[] = [];
  for (const spec of o.files) files.push(...(await readableFiles(spec)));
  let ok = true;
  for (const file of files) {
    const result = await checkFile(file, make(), o.all);
    ok &&= result.ok;
    process.stdout.write(
      o.json
        ? `${JSON.stringify({ v: SCHEMA_VERSION, type: "check", ...result })}\n`
        : checkText(result),
    );
  }
  return ok ? 0 : 1;
}

/** What the command line asks for, run: resolves with the exit status. */
async function run(argv: string[]): Promise<number> {
  const invocation = parseOptions(argv.slice(2), packageVersion(), (text) =>
    process.stdout.write(text),
  );
  switch (invocation.command) {
    case "check":
      return runCheck(invocation.options);
    case "generate":
      return runGenerate(invocation.options, systemClock);
    case "prometheus-rules":
      process.stdout.write(prometheusRules(invocation.source));
      return 0;
    case "config-check": {
      const config = readConfig(invocation.file);
      const n = config.rules.length + (config.highTraffic ? 1 : 0);
      process.stdout.write(`${invocation.file}: valid (${n} rule${n === 1 ? "" : "s"})\n`);
      return 0;
    }
    case "demo": {
      const traffic = new PassThrough();
      startDemoTraffic(invocation.options, traffic, systemClock);
      const name = `demo traffic at ${invocation.options.speed}× speed`;
      const options = {
        ...DEFAULTS,
        files: ["-"],
        format: "combined",
        tz: shownZone(null),
        logSpeed: invocation.options.speed,
      };
      return runPipeline(options, processEnv({ stream: traffic, name }));
    }
    case "monitor": {
      const o = invocation.options;
      const options = { ...o, files: inputSpecs(o.files, stdinIsPiped()), tz: shownZone(o.tz) };
      return runPipeline(options, processEnv({ stream: process.stdin, name: "-" }));
    }
  }
}

/** The logmon command: parses `argv` (as process.argv), runs, and exits with its status. */
export async function main(argv: string[]): Promise<void> {
  exitOnClosedPipe();
  let status: number;
  try {
    status = await run(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      if (err.message !== "") say(err.message);
      status = err.exitCode;
    } else {
      say(`internal error: ${(err as Error).stack ?? String(err)}`.split("\n")[0] as string);
      status = 1;
    }
  }
  // Whatever is still queued for a pipe reader is written before the process ends.
  await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
  process.exit(status);
}
