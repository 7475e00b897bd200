import { readFileSync } from "node:fs";
import type { Clock } from "../core/clock.js";
import { alertEvent, reportEvent, summaryEvent, type MonitorEvent } from "../core/event.js";
import { Ingest } from "../ingest/ingest.js";
import { ndjsonLine } from "../output/ndjson.js";
import { textLines } from "../output/text.js";
import { readFileInto, readStreamInto } from "../source/read.js";
import { Monitor } from "../stats/monitor.js";
import { follow } from "./follow.js";
import { readFailure, resolveInputs, stdinIsPiped } from "./inputs.js";
import { parseOptions, UsageError, type Options } from "./options.js";

/** The wall clock; the only place the program reads it. */
const systemClock: Clock = { nowMs: () => Date.now() };

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

function fail(message: string, code: number): void {
  process.stderr.write(`logmon: ${message}\n`);
  process.exitCode = code;
}

/** Exits quietly when the reader of stdout goes away (`logmon … | head -1`). */
function exitOnClosedPipe(): void {
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
    fail(`cannot write output: ${err.message}`, 1);
    process.exit(1);
  });
}

async function replay(inputs: string[], ingest: Ingest): Promise<boolean> {
  for (const file of inputs) {
    try {
      if (file === "-") await readStreamInto(process.stdin, ingest.input(file));
      else await readFileInto(file, ingest.input(file));
    } catch (err) {
      fail(readFailure(file, err), 1);
      return false;
    }
  }
  return true;
}

async function run(options: Options, inputs: string[]): Promise<void> {
  const format = options.output === "json" ? ndjsonLine : textLines;
  const write = (event: MonitorEvent): void => {
    process.stdout.write(format(event));
  };
  const monitor = new Monitor(options, (o) =>
    write(o.kind === "report" ? reportEvent(o.snapshot) : alertEvent(o.event)),
  );
  const ingest = new Ingest(monitor);
  const writeSummary = () => write(summaryEvent(monitor.finish()));
  if (options.replay) {
    if (await replay(inputs, ingest)) writeSummary();
    return;
  }
  const status = await follow(options, inputs, monitor, ingest, systemClock, writeSummary);
  process.exit(status);
}

/** The logmon command: parses `argv` (as process.argv), runs, and sets the exit status. */
export async function main(argv: string[]): Promise<void> {
  exitOnClosedPipe();
  try {
    const options = parseOptions(argv.slice(2), packageVersion(), (text) =>
      process.stdout.write(text),
    );
    const inputs = await resolveInputs(options.files, stdinIsPiped(), options.replay);
    await run(options, inputs);
  } catch (err) {
    if (err instanceof UsageError) {
      if (err.message !== "") fail(err.message, err.exitCode);
      else process.exitCode = err.exitCode;
      return;
    }
    fail(`internal error: ${(err as Error).stack ?? String(err)}`.split("\n")[0] as string, 1);
  }
}
