import { HIGH_TRAFFIC } from "../alert/high-traffic.js";
import { createRule } from "../alert/kinds.js";
import type { Rule } from "../alert/rule.js";
import type { Clock } from "../core/clock.js";
import { compileFilter, type LineFilter } from "../core/filter.js";
import { UsageError } from "../core/errors.js";
import { alertEvent, reportEvent, summaryEvent, type MonitorEvent } from "../core/event.js";
import type { NotifyEvent } from "../core/notify-event.js";
import { setDisplayZone } from "../core/time.js";
import { Ingest } from "../ingest/ingest.js";
import { ReadFailure, type Input, type InputContext, type InputScheme } from "../input/input.js";
import { INPUT_SCHEMES, openInput } from "../input/open.js";
import { Served } from "../serve/served.js";
import { Subscribers, type Output, type OutputEnv } from "../output/output.js";
import { Notifier } from "../notify/notifier.js";
import { botPassword, openBot } from "./chat.js";
import { readState, stateOutput, type PriorState } from "../notify/state.js";
import { openOutputs, stdoutMode } from "../output/registry.js";
import { parserFactory } from "../parse/detect.js";
import type { LineParser } from "../parse/parser.js";
import { Monitor } from "../stats/monitor.js";
import type { MonitorOutput } from "../stats/monitor-types.js";
import { InputStates } from "./announce.js";
import { followInputs } from "./follow.js";
import { replayThreads } from "./threads.js";
import type { Options } from "./options.js";
import { parseVerdict, type ParseVerdict } from "./verdict.js";

/** What a run is given from outside: the clock, the standard streams and the signals. */
export interface PipelineEnv {
  clock: Clock;
  /** The stream read for "-", and the name it is shown under. */
  stdin: { stream: NodeJS.ReadableStream; name: string };
  stdout: NodeJS.WriteStream;
  stderr(text: string): void;
  /** Calls `stop` with the exit status of the first signal that asks the run to end. */
  onSignal(stop: (status: number) => void): void;
  /** Calls `cleanup` if the program is about to die of a bug (restores the terminal). */
  onCrash(cleanup: () => void): void;
}

/**
 * Parts added to a run beside those its options ask for (a library user's or a test's): outputs
 * fed like the built-in ones, rules evaluated beside high_traffic, input schemes asked first.
 */
export interface Plugins {
  outputs?: Output[];
  rules?: Rule[];
  schemes?: InputScheme[];
}

/** The parser factory for --format, or a one-line usage error. */
function formatParsers(o: Options): () => LineParser {
  try {
    return parserFactory(o.format, o.jsonFields);
  } catch (err) {
    throw new UsageError(`--format: ${(err as Error).message}`, 2);
  }
}

/** The `--filter` expressions as one (all must hold), or null for none; a bad one is a usage error. */
function filterOf(sources: string[]): LineFilter | null {
  if (sources.length === 0) return null;
  const filters = sources.map((source) => {
    try {
      return compileFilter(source);
    } catch (err) {
      throw new UsageError(`--filter: ${(err as Error).message} in ${JSON.stringify(source)}`, 2);
    }
  });
  return {
    test: (rec) => filters.every((f) => f.test(rec)),
    keep: filters.reduce((k, f) => k | f.keep, 0),
  };
}

function envelope(o: MonitorOutput): MonitorEvent {
  return o.kind === "report" ? reportEvent(o.snapshot) : alertEvent(o.event);
}

/**
 * One run: sources → parse → monitor → outputs, assembled from plain options. Inputs are opened
 * (and checked) first, then every output, before a byte is read. Resolves with the exit status;
 * throws UsageError for what cannot start.
 */
export async function runPipeline(
  options: Options,
  env: PipelineEnv,
  plugins: Plugins = {},
): Promise<number> {
  setDisplayZone(options.tz);
  const makeParser = formatParsers(options);
  const warn = (message: string) => env.stderr(`logmon: ${message}\n`);
  const outputs = new Subscribers(warn);
  // Records come up to the run's lateness cap (its window) ahead of the judged second.
  const run = { aheadS: options.windowS };
  const rules = [
    ...(options.highTraffic === false ? [] : [createRule({ kind: HIGH_TRAFFIC, ...options }, run)]),
    ...(options.rules ?? []).map((spec) => createRule(spec, run)),
    ...(plugins.rules ?? []),
  ];

  const monitor = new Monitor(
    options,
    (o) => outputs.event(envelope(o)),
    rules,
    (rule, err) => warn(`rule ${rule} failed and is left out: ${(err as Error).message}`),
  );
  const served =
    options.http == null
      ? null
      : new Served(
          options.http,
          () => monitor.live(),
          options.top,
          () => monitor.lastLineTime,
          env.clock,
        );
  const filter = filterOf(options.filters ?? []);
  const ingest = new Ingest(
    monitor,
    makeParser,
    served === null ? null : (name) => served.tap(name),
    filter,
  );
  let askStop: (status: number) => void = () => undefined;
  const stopAsked = new Promise<number>((resolve) => (askStop = resolve));
  const outputEnv: OutputEnv = {
    stdout: env.stdout,
    live: () => monitor.live(),
    run: () => monitor.run?.snapshot(options.top) ?? null,
    resetRun: () => monitor.run?.reset(),
    replay: options.replay,
    inputs: () => states.all(),
    format: () => ingest.format,
    logSpeed: options.logSpeed ?? 1,
    clock: env.clock,
    stop: (status) => askStop(status),
    warn,
    notice: (message) => {
      if (!quiet) warn(message);
    },
    ...(served === null ? {} : { served }),
  };
  const quiet = stdoutMode(options, outputEnv) === "dashboard";
  const states = new InputStates(quiet ? null : env.stderr);
  let reading = true;
  const ctx: InputContext = {
    ingest,
    clock: env.clock,
    stdin: env.stdin,
    makeParser,
    parsing: { format: options.format, jsonFields: options.jsonFields },
    poll: options.poll,
    start: options.start,
    windowS: options.windowS,
    threads: replayThreads(options, rules, filter !== null),
    outputReady: () => outputs.ready(),
    reading: () => reading,
    state: (path, state, detail, matched) => states.set(path, state, detail, matched),
    warn,
  };
  const inputs: Input[] = [];
  const schemes = [...(plugins.schemes ?? []), ...INPUT_SCHEMES];
  for (const spec of options.files) {
    const input = await openInput(spec, ctx, options.replay, schemes);
    for (const status of input.statuses) states.declare(status);
    inputs.push(input);
  }
  env.onSignal(askStop);
  env.onCrash(() => void outputs.close());
  const password = botPassword(options);
  const prior = openState(options, env.clock.nowMs(), warn, outputs, quiet);
  outputEnv.earlier = prior.history;
  const bot = openBot(options, password, prior, {
    ...outputEnv,
    makeParser,
    notice: (m) => outputEnv.notice?.(m),
  });
  if (bot !== null) outputEnv.chat = () => bot.state;
  await openOutputs(options, outputEnv, outputs);
  if (bot !== null) outputs.add(bot);
  for (const output of plugins.outputs ?? []) outputs.add(output);
  const notifier = openNotifier(options, prior.firing, (e) => outputs.event(e), warn);
  if (notifier !== null) outputs.add(notifier);
  let verdict: ParseVerdict = { message: null, failed: false };
  /** Ends the monitor, lets the notifications under way end, and writes the summary. */
  const summarize = async () => {
    const summary = summaryEvent(monitor.finish());
    if (notifier !== null) {
      await notifier.settle();
      summary.notify = notifier.totals();
    }
    if (bot !== null) summary.xmpp = bot.totals();
    if (monitor.run !== null) summary.run = monitor.run.snapshot(options.top);
    outputs.event(summary);
    return summary;
  };
  /**
   * The input ended by itself: the summary, then, if an output shows the end state, a wait for
   * stop; an input of which nothing parsed is a failure, said once the screen is restored.
   */
  const finish = async (): Promise<number> => {
    verdict = parseVerdict(await summarize());
    const status = outputs.lingering ? await stopAsked : 0;
    return status === 0 && verdict.failed ? 1 : status;
  };
  try {
    if (options.replay) {
      const read = replayAll(inputs).then(() => null);
      const first = await Promise.race([read, stopAsked]);
      reading = false;
      if (first === null) return await finish();
      await summarize();
      return first;
    }
    const { status, ended } = await followInputs({
      inputs,
      monitor,
      ingest,
      clock: env.clock,
      idleExitS: options.idleExitS,
      stopAsked,
      endedByItself: finish,
      warn,
    });
    if (!ended) await summarize();
    return status;
  } catch (err) {
    if (!(err instanceof ReadFailure)) throw err;
    await outputs.close();
    warn(err.message);
    return 1;
  } finally {
    states.close();
    await outputs.close();
    if (verdict.message !== null) warn(verdict.message);
    for (const note of monitor.ruleNotes()) warn(note);
  }
}

/** The notifier of the configured channels, or null without any; a channel that cannot start is a usage error. */
function openNotifier(
  options: Options,
  firing: Set<string>,
  emit: (e: NotifyEvent) => void,
  warn: (message: string) => void,
): Notifier | null {
  const channels = options.channels ?? [];
  if (channels.length === 0) return null;
  try {
    return new Notifier(
      {
        channels,
        routes: options.routes ?? {},
        dry: options.dryNotify === true,
        env: process.env,
        firing,
      },
      emit,
      warn,
    );
  } catch (err) {
    throw new UsageError((err as Error).message, 2);
  }
}

/**
 * The state file: what the runs before said (said on stderr when not drawing a dashboard), and
 * an output appending this run's alerts to it. A file that cannot be written is a usage error.
 */
function openState(
  options: Options,
  nowMs: number,
  warn: (message: string) => void,
  outputs: Subscribers,
  quiet: boolean,
): PriorState {
  const path = options.stateFile ?? null;
  if (path === null) return { history: [], firing: new Set(), subscribers: new Set() };
  const prior = readState(path, nowMs, warn);
  try {
    outputs.add(stateOutput(path));
  } catch (err) {
    throw new UsageError((err as Error).message, 2);
  }
  if (!quiet && prior.history.length > 0) {
    const firing = [...prior.firing];
    const still = firing.length === 0 ? "" : `, still firing: ${firing.join(", ")}`;
    warn(`state file ${path}: ${prior.history.length} earlier alerts and recoveries${still}`);
  }
  return prior;
}

/** Replays the inputs one after the other, in the order given. */
async function replayAll(inputs: Input[]): Promise<void> {
  for (const input of inputs) await input.replay();
}
