import { readFileSync } from "node:fs";
import { PassThrough, type Readable } from "node:stream";
import type { Clock } from "../core/clock.js";
import {
  alertEvent,
  reportEvent,
  SCHEMA_VERSION,
  summaryEvent,
  type MonitorEvent,
} from "../core/event.js";
import { setDisplayZone } from "../core/time.js";
import { Ingest } from "../ingest/ingest.js";
import { replayOnWorker } from "../ingest/parallel.js";
import { parserFactory } from "../parse/detect.js";
import type { LineParser } from "../parse/parser.js";
import { ndjsonLine } from "../output/ndjson.js";
import { textLines } from "../output/text.js";
import { readFileInto, readStreamInto } from "../source/read.js";
import { Monitor } from "../stats/monitor.js";
import type { Dashboard } from "../output/dashboard/controller.js";
import type { InputStatus } from "../output/dashboard/model.js";
import { keepHeapSmall } from "./heap.js";
import { secondThread } from "./threads.js";
import { outputMode } from "./output-mode.js";
import { follow } from "./follow.js";
import { runGenerate, startDemoTraffic } from "./generate.js";
import { readFailure, resolveInputs, stdinIsPiped } from "./inputs.js";
import { checkFile, checkText } from "./check.js";
import { parseOptions, type CheckOptions, type Options } from "./options.js";
import { UsageError } from "./parsers.js";

/** How `logmon demo` monitors its traffic: the defaults a newcomer would get. */
const DEMO_OPTIONS: Options = {
  format: "combined",
  jsonFields: {},
  tz: null,
  files: ["-"],
  threshold: 10,
  windowS: 120,
  intervalS: 10,
  top: 10,
  output: "auto",
  replay: false,
  poll: false,
  start: "backfill",
  idleExitS: null,
  threads: 1,
};

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

/** The parser factory for --format, or a one-line usage error. */
function formatParsers(format: string, jsonFields: Options["jsonFields"]): () => LineParser {
  try {
    return parserFactory(format, jsonFields);
  } catch (err) {
    throw new UsageError(`--format: ${(err as Error).message}`, 2);
  }
}

/** Waits while stdout holds more than its buffer (a slow pipe reader), so replay never piles output up in memory. */
function stdoutDrained(): Promise<void> | null {
  if (!process.stdout.writableNeedDrain) return null;
  return new Promise((resolve) => process.stdout.once("drain", resolve));
}

/** Replays `file` with a second thread parsing it, when --threads and the file say so. */
async function replayedOnWorker(file: string, ingest: Ingest, options: Options): Promise<boolean> {
  const use = secondThread(file, options);
  if (use === "no") return false;
  const { format, jsonFields } = options;
  const hooks = { outputReady: stdoutDrained, started: keepHeapSmall };
  return replayOnWorker(file, ingest, { format, jsonFields, decide: use === "try" }, hooks);
}

async function replay(
  inputs: string[],
  ingest: Ingest,
  stdin: StdinInput,
  options: Options,
): Promise<boolean> {
  for (const file of inputs) {
    try {
      if (file === "-") await readStreamInto(stdin.stream as Readable, ingest.input(stdin.name));
      else if (!(await replayedOnWorker(file, ingest, options))) {
        await readFileInto(file, ingest.input(file), () => true, stdoutDrained);
      }
    } catch (err) {
      fail(readFailure(file, err), 1);
      return false;
    }
  }
  return true;
}

/** Resolves with the exit status of the first signal, or 0 when the person quits. */
function untilQuit(quit: Promise<void>): Promise<number> {
  return new Promise((resolve) => {
    void quit.then(() => resolve(0));
    process.once("SIGINT", () => resolve(130));
    process.once("SIGTERM", () => resolve(143));
  });
}

/** The stream read for the input "-", and the name it is shown under. */
interface StdinInput {
  stream: NodeJS.ReadableStream;
  name: string;
}

async function run(options: Options, inputs: string[], stdin: StdinInput): Promise<void> {
  setDisplayZone(options.tz);
  const mode = outputMode(options);
  const format = mode === "json" ? ndjsonLine : textLines;
  const write = (event: MonitorEvent): void => {
    process.stdout.write(format(event));
  };
  let dashboard: Dashboard | null = null;
  const monitor = new Monitor(options, (o) => {
    if (dashboard !== null) dashboard.onOutput(o);
    else write(o.kind === "report" ? reportEvent(o.snapshot) : alertEvent(o.event));
  });
  const makeParser = formatParsers(options.format, options.jsonFields);
  const ingest = new Ingest(monitor, makeParser);
  const closeDashboard = () => {
    dashboard?.destroy();
    dashboard = null;
  };
  process.on("uncaughtException", (err) => {
    closeDashboard();
    fail(`internal error: ${err.message}`, 1);
    process.exit(1);
  });
  const writeSummary = (summary = monitor.finish()) => {
    closeDashboard();
    write(summaryEvent(summary));
  };
  if (options.replay) {
    if (mode !== "dashboard") {
      if (await replay(inputs, ingest, stdin, options)) writeSummary();
      return;
    }
    let quit: () => void = () => undefined;
    const quitting = new Promise<void>((resolve) => (quit = resolve));
    const statuses = inputs.map((path): InputStatus => ({ path, state: "ended" }));
    const { openDashboard } = await import("./dashboard.js");
    dashboard = openDashboard(
      monitor,
      ingest,
      () => statuses,
      systemClock,
      () => quit(),
    );
    // The end state on screen includes the last second and the last report.
    const summary = (await replay(inputs, ingest, stdin, options)) ? monitor.finish() : null;
    const status = await untilQuit(quitting);
    if (summary !== null) writeSummary(summary);
    else closeDashboard();
    process.exit(status);
  }
  const following = follow(options, inputs, {
    monitor,
    ingest,
    clock: systemClock,
    writeSummary,
    quiet: mode === "dashboard",
    stdin,
    makeParser,
  });
  if (mode === "dashboard") {
    const { openDashboard } = await import("./dashboard.js");
    dashboard = openDashboard(monitor, ingest, following.inputs, systemClock, () =>
      following.stop(0),
    );
  }
  process.exit(await following.done);
}

async function runCheck(o: CheckOptions): Promise<number> {
  setDisplayZone(o.tz);
  const make = formatParsers(o.format, o.jsonFields);
  const files = await resolveInputs(o.files, false, true);
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

/** The logmon command: parses `argv` (as process.argv), runs, and sets the exit status. */
export async function main(argv: string[]): Promise<void> {
  exitOnClosedPipe();
  try {
    const invocation = parseOptions(argv.slice(2), packageVersion(), (text) =>
      process.stdout.write(text),
    );
    if (invocation.command === "check") {
      process.exitCode = await runCheck(invocation.options);
      return;
    }
    if (invocation.command === "generate") {
      process.exitCode = await runGenerate(invocation.options, systemClock);
      return;
    }
    if (invocation.command === "demo") {
      const traffic = new PassThrough();
      startDemoTraffic(invocation.options, traffic, systemClock);
      const name = `demo traffic at ${invocation.options.speed}× speed`;
      await run(DEMO_OPTIONS, ["-"], { stream: traffic, name });
      return;
    }
    const options = invocation.options;
    const inputs = await resolveInputs(options.files, stdinIsPiped(), options.replay);
    await run(options, inputs, { stream: process.stdin, name: "-" });
  } catch (err) {
    if (err instanceof UsageError) {
      if (err.message !== "") fail(err.message, err.exitCode);
      else process.exitCode = err.exitCode;
      return;
    }
    fail(`internal error: ${(err as Error).stack ?? String(err)}`.split("\n")[0] as string, 1);
  }
}
