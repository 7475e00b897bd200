import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { isKnownZone } from "../core/time.js";
import { CHECK_SAMPLE_LINES } from "./check.js";
import { JSON_KEYS, type JsonField } from "../parse/jsonl.js";
import {
  addDemoCommand,
  addGenerateCommand,
  type DemoOptions,
  type GenerateOptions,
} from "./generate-options.js";
import { collect, duration, numberIn, UsageError } from "./parsers.js";

/** Everything the command line decides, validated. */
export interface Options {
  /** Inputs in order; "-" is standard input. Empty when none was named. */
  files: string[];
  threshold: number;
  windowS: number;
  intervalS: number;
  top: number;
  output: "json" | "plain" | "auto";
  replay: boolean;
  /** Poll files only, without file-system events. */
  poll: boolean;
  /** Where following starts in existing files: fill the window, the whole file, or the end. */
  start: "backfill" | "start" | "end";
  /** Stop after this many seconds without a new line; null to follow forever. */
  idleExitS: number | null;
  /** --format: "auto", a format name, or a pasted nginx/Apache format string. */
  format: string;
  /** --json-fields: JSON keys to read each field from, overriding the built-in ones. */
  jsonFields: Partial<Record<JsonField, string>>;
  /** --tz: the zone every time is shown in; null for the local zone. */
  tz: string | null;
  /**
   * --threads: 1 parses and counts on one thread; 2 parses replayed files on a second one; auto
   * does so for large files whose hosts and paths repeat.
   */
  threads: "auto" | 1 | 2;
}

/** Longest alert window accepted: a week of one-second buckets. */
export const MAX_WINDOW_S = 7 * 86400;

const EXAMPLES = `
Examples:
  logmon -f /var/log/nginx/access.log      follow a log through rotations; window full at once
  logmon -f '/var/log/nginx/*access.log'   follow every matching file, new ones included
  logmon --replay access.log --json        replay a log as fast as possible, NDJSON out
  cat access.log | logmon -                read a log from standard input
  logmon --replay -m 50 -w 5m access.log   alert above 50 req/s averaged over 5 minutes
  logmon --replay -i 1m --top 5 a.log      a report per minute of log time, top 5 lists

Alert: every second of log time, hits in the last --window / window seconds is compared with
--max; above it: "High traffic generated an alert - hits = {hits}, triggered at {time}", back at
or below it: "Traffic recovered - hits = {hits}, recovered at {time}".`;

const JSON_FIELDS = Object.keys(JSON_KEYS);

function zone(name: string): string {
  if (!isKnownZone(name))
    throw new InvalidArgumentError(`unknown time zone "${name}" (try Europe/Paris or UTC)`);
  return name;
}

/** "time=ts,path=uri" → { time: "ts", path: "uri" }, for --json-fields. */
function jsonFieldMap(text: string): Partial<Record<JsonField, string>> {
  const map: Partial<Record<JsonField, string>> = {};
  for (const pair of text.split(",")) {
    const [field, key] = pair.split("=").map((s) => s.trim());
    if (field === undefined || key === undefined || key === "" || !JSON_FIELDS.includes(field)) {
      throw new InvalidArgumentError(
        `--json-fields takes field=key pairs; fields: ${JSON_FIELDS.join(", ")}`,
      );
    }
    map[field as JsonField] = key;
  }
  return map;
}

const rate = numberIn("the threshold must be a number of requests/second, 0 or more", 0, Infinity);
const topCount = numberIn("--top must be a whole number from 1 to 1000", 1, 1000, true);

/** The commander program, writing help and version to `out`. */
function program(version: string, out: (text: string) => void): Command {
  return new Command()
    .name("logmon")
    .description("Watch HTTP access logs: traffic statistics and alerts by the log's own clock.")
    .version(version, "-V, --version")
    .argument("[files...]", "log files to read; - is standard input")
    .addOption(
      new Option("-f, --file <path>", "a log file (repeatable; - is stdin)")
        .default([])
        .argParser(collect),
    )
    .addOption(
      new Option("-m, --max <rps>", "alert above this many requests/second")
        .default(10)
        .argParser(rate),
    )
    .addOption(
      new Option("-w, --window <duration>", "alert window")
        .default(120, "2m")
        .argParser(duration("--window", 1, MAX_WINDOW_S)),
    )
    .addOption(
      new Option("-i, --interval <duration>", "report every this much log time")
        .default(10, "10s")
        .argParser(duration("--interval", 1, 86400)),
    )
    .addOption(new Option("--top <n>", "rows in the top lists").default(10).argParser(topCount))
    .option("--json", "NDJSON events on stdout (schema v1)")
    .option("--plain", "plain text reports (the default when stdout is not a terminal)")
    .option("--replay", "read the inputs from start to end as fast as possible, then exit")
    .option("--from-start", "when following, read existing files from their first line")
    .option("--from-end", "when following, start at the end of existing files, like tail -f")
    .option("--poll", "follow by polling only (network mounts, containers)")
    .addOption(
      new Option("--threads <n>", "replay: 2 parses files on a second core; auto when it pays")
        .default(1)
        .argParser(threadCount),
    )
    .addOption(
      new Option("--idle-exit <duration>", "stop after this long without a new line").argParser(
        duration("--idle-exit", 1, MAX_WINDOW_S),
      ),
    )
    .option(
      "--format <format>",
      "auto, a name (clf, w3c, json, caddy, …) or a pasted log_format/LogFormat",
      "auto",
    )
    .addOption(
      new Option("--json-fields <map>", "JSON keys for fields, like time=ts,path=uri").argParser(
        jsonFieldMap,
      ),
    )
    .addOption(
      new Option(
        "--tz <zone>",
        "show times in this zone (Europe/Paris, UTC); default local",
      ).argParser(zone),
    )
    .addHelpText("after", EXAMPLES)
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: out, outputError: () => undefined });
}

/** Which command the line asks for, with its checked options. */
/** What `logmon check` was asked for. */
export interface CheckOptions {
  files: string[];
  all: boolean;
  json: boolean;
  format: string;
  jsonFields: Partial<Record<JsonField, string>>;
  tz: string | null;
}

export type Invocation =
  | { command: "monitor"; options: Options }
  | { command: "check"; options: CheckOptions }
  | { command: "generate"; options: GenerateOptions }
  | { command: "demo"; options: DemoOptions };

interface RawOptions {
  file: string[];
  max: number;
  window: number;
  interval: number;
  top: number;
  json?: boolean;
  plain?: boolean;
  replay?: boolean;
  fromStart?: boolean;
  fromEnd?: boolean;
  poll?: boolean;
  idleExit?: number;
  format: string;
  jsonFields?: Partial<Record<JsonField, string>>;
  tz?: string;
  threads: "auto" | 1 | 2;
}

function threadCount(text: string): "auto" | 1 | 2 {
  if (text === "1" || text === "2") return Number(text) as 1 | 2;
  if (text === "auto") return text;
  throw new InvalidArgumentError("must be 1, 2 or auto (counting stays on one thread)");
}

function monitorOptions(o: RawOptions, files: string[]): Options {
  if (o.json === true && o.plain === true) {
    throw new UsageError("--json and --plain exclude each other", 2);
  }
  if (o.fromStart === true && o.fromEnd === true) {
    throw new UsageError("--from-start and --from-end exclude each other", 2);
  }
  return {
    files: [...o.file, ...files],
    threshold: o.max,
    windowS: o.window,
    intervalS: o.interval,
    top: o.top,
    output: o.json === true ? "json" : o.plain === true ? "plain" : "auto",
    replay: o.replay === true,
    poll: o.poll === true,
    start: o.fromStart === true ? "start" : o.fromEnd === true ? "end" : "backfill",
    idleExitS: o.idleExit ?? null,
    format: o.format,
    jsonFields: o.jsonFields ?? {},
    tz: o.tz ?? null,
    threads: o.threads,
  };
}

/**
 * Parses the command line (without "node" and the script). Throws UsageError for a bad line
 * (status 2) and for --help/--version (status 0, with an empty message once the text is written).
 */
export function parseOptions(
  args: string[],
  version: string,
  out: (text: string) => void,
): Invocation {
  const cmd = program(version, out);
  let invocation: Invocation | null = null;
  cmd.action((files: string[], o: RawOptions) => {
    invocation = { command: "monitor", options: monitorOptions(o, files) };
  });
  addGenerateCommand(cmd, (options) => (invocation = { command: "generate", options }));
  addDemoCommand(cmd, (options) => (invocation = { command: "demo", options }));
  cmd
    .command("check")
    .description("say which format files are in, how much of them parses, and why not")
    .argument("<files...>", "log files to check")
    .option("--all", `read whole files (default: the first ${CHECK_SAMPLE_LINES} lines)`)
    .option("--json", "one JSON object per file")
    .option("--format <format>", "check against this format instead of detecting one", "auto")
    .addOption(
      new Option("--json-fields <map>", "JSON keys for fields, like time=ts,path=uri").argParser(
        jsonFieldMap,
      ),
    )
    .addOption(new Option("--tz <zone>", "show times in this zone").argParser(zone))
    .action(
      (
        files: string[],
        o: {
          all?: boolean;
          json?: boolean;
          format: string;
          jsonFields?: Partial<Record<JsonField, string>>;
          tz?: string;
        },
      ) => {
        invocation = {
          command: "check",
          options: {
            files,
            all: o.all === true,
            json: o.json === true,
            format: o.format,
            jsonFields: o.jsonFields ?? {},
            tz: o.tz ?? null,
          },
        };
      },
    );
  try {
    cmd.parse(args, { from: "user" });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.exitCode === 0) throw new UsageError("", 0);
    throw new UsageError(err.message.replace(/^error: /, ""), 2);
  }
  if (invocation === null) throw new UsageError("nothing to do", 2);
  return invocation;
}
