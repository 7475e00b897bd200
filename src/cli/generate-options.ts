import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { isValid } from "date-fns/isValid";
import { parseISO } from "date-fns/parseISO";
import { parseDuration } from "../core/duration.js";
import { GENERATE_FORMATS, type GenerateFormat } from "../generate/formats.js";
import { ProfileError, stepsFromRates, stepsFromScenario, type Step } from "../generate/profile.js";
import { duration, numberIn, UsageError } from "./parsers.js";

/** What `logmon generate` was asked for, checked. */
export interface GenerateOptions {
  steps: Step[];
  /** A steady --rate runs until --count or --duration; a profile stops at its end. */
  repeat: boolean;
  format: GenerateFormat;
  seed: number | null;
  speed: number;
  fast: boolean;
  /** Log time of the first line, epoch seconds, or null for "now" (or a fixed start with --fast --seed). */
  start: number | null;
  count: number | null;
  duration: number | null;
  jitterS: number;
  junk: number;
  /** A file to append to, or null for stdout. */
  output: string | null;
}

/** What `logmon demo` was asked for. */
export interface DemoOptions {
  speed: number;
  seed: number | null;
}

const EXAMPLES = `
Examples:
  logmon generate | logmon                        live traffic at 20 req/s into the dashboard
  logmon generate --rates 9 11 8 --durations 150 150 150 --speed 10 | logmon
  logmon generate --fast --seed 7 --count 100000 > access.log
  logmon generate --scenario fixtures/scenarios/incident.json -o /tmp/access.log`;

const positive = (what: string) =>
  numberIn(`${what} must be a number above 0`, Number.MIN_VALUE, Infinity);

function list(parse: (text: string) => number) {
  return (text: string, previous: number[] = []): number[] => [...previous, parse(text)];
}

function startTime(text: string): number {
  const date = parseISO(text);
  if (!isValid(date))
    throw new UsageError(`--start must be an ISO 8601 time like 2026-11-21T08:00:00Z`, 2);
  return Math.floor(date.getTime() / 1000);
}

interface Raw {
  rate?: number;
  rates?: number[];
  durations?: number[];
  scenario?: string;
  format: GenerateFormat;
  seed?: number;
  speed: number;
  fast?: boolean;
  start?: string;
  count?: number;
  duration?: number;
  jitter: number;
  junk: number;
  output?: string;
}

function steps(o: Raw): { steps: Step[]; repeat: boolean } {
  const given = [o.rate !== undefined, o.rates !== undefined, o.scenario !== undefined].filter(
    Boolean,
  ).length;
  if (given > 1) throw new UsageError("use one of --rate, --rates or --scenario", 2);
  if ((o.rates === undefined) !== (o.durations === undefined)) {
    throw new UsageError("--rates and --durations go together", 2);
  }
  try {
    if (o.rates !== undefined)
      return { steps: stepsFromRates(o.rates, o.durations ?? []), repeat: false };
    if (o.scenario !== undefined) {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(o.scenario, "utf8"));
      } catch (err) {
        throw new UsageError(`cannot read scenario ${o.scenario}: ${(err as Error).message}`, 2);
      }
      return { steps: stepsFromScenario(json, parseDuration), repeat: false };
    }
  } catch (err) {
    if (err instanceof ProfileError)
      throw new UsageError(`${o.scenario ?? "--rates"}: ${err.message}`, 2);
    throw err;
  }
  return { steps: [{ rate: o.rate ?? 20, duration: 1 }], repeat: true };
}

/** Adds `logmon generate` to the program; `done` receives its checked options. */
export function addGenerateCommand(program: Command, done: (o: GenerateOptions) => void): void {
  program
    .command("generate")
    .description("write realistic access-log lines: steady, a rate profile or a scenario")
    .addOption(
      new Option("--rate <rps>", "requests per second, steady (default 20)").argParser(
        positive("--rate"),
      ),
    )
    .addOption(
      new Option("--rates <rps...>", "a profile of rates…").argParser(
        list(numberIn("--rates takes numbers 0 or more", 0, Infinity)),
      ),
    )
    .addOption(
      new Option(
        "--durations <seconds...>",
        "…each lasting this long (10s, 2m, or seconds)",
      ).argParser(list(duration("--durations", 1, 86400 * 365))),
    )
    .option("--scenario <file>", "a JSON file of steps: rate, duration, error_share, hot_section")
    .addOption(
      new Option("--format <name>", "common, combined, w3c or json")
        .choices(GENERATE_FORMATS)
        .default("combined"),
    )
    .addOption(
      new Option("--seed <n>", "the same seed gives the same lines").argParser(
        numberIn("--seed must be a whole number", 0, 2 ** 32 - 1, true),
      ),
    )
    .addOption(
      new Option("--speed <x>", "log time runs x times as fast as the wall clock")
        .default(1)
        .argParser(positive("--speed")),
    )
    .option("--fast", "write as fast as possible, with simulated timestamps")
    .option("--start <time>", "log time of the first line (ISO 8601)")
    .addOption(
      new Option("--count <n>", "stop after this many lines").argParser(
        numberIn("--count must be a whole number above 0", 1, Number.MAX_SAFE_INTEGER, true),
      ),
    )
    .addOption(
      new Option("--duration <d>", "stop after this much log time").argParser(
        duration("--duration", 1, 86400 * 365),
      ),
    )
    .addOption(
      new Option("--jitter <d>", "stamp lines up to this much before they are written")
        .default(0, "0s")
        .argParser(duration("--jitter", 0, 3600)),
    )
    .addOption(
      new Option("--junk <share>", "share of malformed lines, 0 to 1")
        .default(0)
        .argParser(numberIn("--junk must be between 0 and 1", 0, 1)),
    )
    .option("-o, --output <file>", "append to this file instead of writing to stdout")
    .addHelpText("after", EXAMPLES)
    .action((o: Raw) => {
      const s = steps(o);
      done({
        ...s,
        format: o.format,
        seed: o.seed ?? null,
        speed: o.speed,
        fast: o.fast === true,
        start: o.start === undefined ? null : startTime(o.start),
        count: o.count ?? null,
        duration: o.duration ?? null,
        jitterS: o.jitter,
        junk: o.junk,
        output: o.output ?? null,
      });
    });
}

/** Adds `logmon demo`: the dashboard on generated traffic with a built-in incident. */
export function addDemoCommand(program: Command, done: (o: DemoOptions) => void): void {
  program
    .command("demo")
    .description("the dashboard on generated traffic that rises above the threshold and recovers")
    .addOption(
      new Option("--speed <x>", "log time runs x times as fast as the wall clock")
        .default(10)
        .argParser(positive("--speed")),
    )
    .addOption(
      new Option("--seed <n>", "the same seed gives the same traffic").argParser(
        numberIn("--seed must be a whole number", 0, 2 ** 32 - 1, true),
      ),
    )
    .action((o: { speed: number; seed?: number }) =>
      done({ speed: o.speed, seed: o.seed ?? null }),
    );
}
