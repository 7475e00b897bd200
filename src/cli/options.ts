import { Command, CommanderError } from "commander";
import type { JsonField } from "../parse/jsonl.js";
import type { Options } from "../pipeline/options.js";
import { CHECK_SAMPLE_LINES } from "./check.js";
import { readConfig, type ConfigValues } from "./config.js";
import type { ServeOptions } from "../serve/served.js";
import type { RulesSource } from "./prometheus-rules.js";
import { addFlags, DEFAULT_HTTP, formatFlags, httpAddress, MONITOR_FLAGS } from "./flags.js";
import {
  addDemoCommand,
  addGenerateCommand,
  type DemoOptions,
  type GenerateOptions,
} from "./generate-options.js";
import { UsageError } from "./parsers.js";
import { CHECK_EXAMPLES, EXAMPLES } from "./examples.js";

/** The commander program, writing help and version to `out`. */
function program(version: string, out: (text: string) => void): Command {
  const cmd = new Command()
    .name("logmon")
    .description("Watch HTTP access logs: traffic statistics and alerts by the log's own clock.")
    .version(version, "-V, --version")
    .argument("[files...]", "log files to read; - is standard input");
  return addFlags(cmd, MONITOR_FLAGS)
    .addHelpText("after", EXAMPLES)
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: out, outputError: () => undefined });
}

/** What `logmon check` was asked for. */
export interface CheckOptions {
  files: string[];
  all: boolean;
  json: boolean;
  format: string;
  jsonFields: Partial<Record<JsonField, string>>;
  tz: string | null;
}

/** Which command the line asks for, with its checked options. */
export type Invocation =
  | { command: "monitor"; options: Options }
  | { command: "check"; options: CheckOptions }
  | { command: "generate"; options: GenerateOptions }
  | { command: "demo"; options: DemoOptions }
  | { command: "config-check"; file: string }
  | { command: "prometheus-rules"; source: RulesSource };

interface RawOptions {
  config?: string;
  dryNotify?: boolean;
  file: string[];
  listen: string[];
  filter: string[];
  runStats?: boolean;
  report?: string;
  keepQuery?: boolean;
  siteHost: string[];
  max: number;
  window: number;
  interval: number;
  lateness?: number;
  top: number;
  json?: boolean;
  jsonFile?: string;
  http?: [string, number] | true;
  httpTokenEnv?: string;
  keepLines: number;
  keepFor: number;
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

/**
 * The options with a config file's values under them: what the command line gave wins, the
 * config fills the rest (files too, when none are named on the line).
 */
function withConfig(
  o: RawOptions,
  files: string[],
  cmd: Command,
): { o: RawOptions; files: string[]; config: ConfigValues | null } {
  if (o.config === undefined) return { o, files, config: null };
  const config = readConfig(o.config);
  const merged: Record<string, unknown> = { ...o };
  for (const [attribute, value] of Object.entries(config.flags)) {
    if (cmd.getOptionValueSource(attribute) !== "cli") merged[attribute] = value;
  }
  const named = files.length > 0 || cmd.getOptionValueSource("file") === "cli";
  if (named) merged.file = o.file;
  return { o: merged as unknown as RawOptions, files, config };
}

function monitorOptions(
  o: RawOptions,
  files: string[],
  config: ConfigValues | null = null,
): Options {
  if (o.json === true && o.plain === true) {
    throw new UsageError("--json and --plain exclude each other", 2);
  }
  if (o.fromStart === true && o.fromEnd === true) {
    throw new UsageError("--from-start and --from-end exclude each other", 2);
  }
  if (o.lateness !== undefined && o.lateness > o.window) {
    throw new UsageError("--lateness must not be longer than --window", 2);
  }
  if (o.runStats === false && (o.keepQuery === true || o.report !== undefined)) {
    const flag = o.report !== undefined ? "--report" : "--keep-query";
    throw new UsageError(`${flag} needs the whole-run statistics: drop --no-run-stats`, 2);
  }
  return {
    files: namedOrLogs([...o.file, ...files, ...o.listen], config),
    filters: o.filter,
    run: o.runStats === false ? null : { siteHosts: o.siteHost, keepQuery: o.keepQuery === true },
    report: o.report ?? null,
    threshold: o.max,
    windowS: o.window,
    intervalS: o.interval,
    latenessS: o.lateness ?? null,
    top: o.top,
    output: o.json === true ? "json" : o.plain === true ? "plain" : "auto",
    jsonFile: o.jsonFile ?? null,
    http: httpOptions(o),
    replay: o.replay === true,
    poll: o.poll === true,
    start: o.fromStart === true ? "start" : o.fromEnd === true ? "end" : "backfill",
    idleExitS: o.idleExit ?? null,
    format: o.format,
    jsonFields: o.jsonFields ?? {},
    tz: o.tz ?? null,
    threads: o.threads,
    rules: config?.rules ?? [],
    highTraffic: config?.highTraffic ?? true,
    channels: config?.channels ?? [],
    routes: config?.routes ?? {},
    dryNotify: o.dryNotify === true,
    stateFile: config?.stateFile ?? null,
    xmpp: config?.xmpp ?? null,
  };
}

/** The inputs named; without any, the chat bot's logs are what is monitored. */
function namedOrLogs(named: string[], config: ConfigValues | null): string[] {
  if (named.length > 0 || config === null) return named;
  return [...new Set(config.logs.values())];
}

/** The HTTP server's options, or null without --http. */
function httpOptions(o: RawOptions): ServeOptions | null {
  if (o.http === undefined) {
    if (o.httpTokenEnv !== undefined) throw new UsageError("--http-token-env needs --http", 2);
    return null;
  }
  const [host, port] = o.http === true ? httpAddress(DEFAULT_HTTP) : o.http;
  return { host, port, tokenEnv: o.httpTokenEnv ?? null, keepBytes: o.keepLines, keepS: o.keepFor };
}

/**
 * `logmon help [command]` and `logmon version` as the flags they stand for: the words people type
 * first. A file of that name is still read when given as `./help`.
 */
function wordsAsFlags(args: string[]): string[] {
  const [first, ...rest] = args;
  if (first === "version" && rest.length === 0) return ["--version"];
  if (first === "help") return rest.length === 0 ? ["--help"] : [...rest, "--help"];
  return args;
}

/**
 * Commander's message on one line, its suggestion included ("(Did you mean --replay?)"), and
 * for an unknown short flag the flag of the other case (-v: -V / --version).
 */
function oneLine(err: CommanderError, cmd: Command): string {
  const text = err.message
    .replace(/^error: /, "")
    .replace(/\n\(Did you mean (.*)\?\)$/, " (did you mean $1?)");
  const short = /^unknown option '-([A-Za-z])'$/.exec(text)?.[1];
  if (short === undefined) return text;
  const swapped = short === short.toLowerCase() ? short.toUpperCase() : short.toLowerCase();
  const all = [cmd, ...cmd.commands].flatMap((c) => c.options);
  const other = all.find((o) => o.short === `-${swapped}`);
  if (other === undefined) return text;
  return `${text} (did you mean ${[other.short, other.long].filter(Boolean).join(" / ")}?)`;
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
  cmd.action((files: string[], raw: RawOptions) => {
    const { o, config } = withConfig(raw, files, cmd);
    invocation = { command: "monitor", options: monitorOptions(o, files, config) };
  });
  cmd
    .command("config")
    .description("check a config file")
    .command("check")
    .description("validate a config file without running: exit 0 valid, 2 not")
    .requiredOption("--config <file>", "the YAML config to check")
    .action((o: { config: string }) => {
      invocation = { command: "config-check", file: o.config };
    });
  const rules = cmd
    .command("prometheus-rules")
    .description(
      "print Prometheus alerting rules saying the config's rules over every logmon scraped",
    )
    .option("--config <file>", "the YAML config whose rules to say");
  addFlags(
    rules,
    MONITOR_FLAGS.filter((f) => /--(max|window) /.test(f.flags)),
  ).action((o: { config?: string; max: number; window: number }) => {
    const config = o.config === undefined ? null : readConfig(o.config);
    const pick = (name: "max" | "window", value: number) =>
      rules.getOptionValueSource(name) === "cli"
        ? value
        : ((config?.flags[name] as number | undefined) ?? value);
    invocation = {
      command: "prometheus-rules",
      source: {
        threshold: pick("max", o.max),
        windowS: pick("window", o.window),
        highTraffic: config?.highTraffic ?? true,
        rules: config?.rules ?? [],
      },
    };
  });
  addGenerateCommand(cmd, (options) => (invocation = { command: "generate", options }));
  addDemoCommand(cmd, (options) => (invocation = { command: "demo", options }));
  const check = cmd
    .command("check")
    .description("say which format files are in, how much of them parses, and why not")
    .argument("<files...>", "log files to check")
    .option("--all", `read whole files (default: the first ${CHECK_SAMPLE_LINES} lines)`)
    .option("--json", "one JSON object per file")
    .addHelpText("after", CHECK_EXAMPLES);
  addFlags(check, formatFlags()).action(
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
    cmd.parse(wordsAsFlags(args), { from: "user" });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.exitCode === 0) throw new UsageError("", 0);
    throw new UsageError(oneLine(err, cmd), 2);
  }
  if (invocation === null) throw new UsageError("nothing to do", 2);
  return invocation;
}
