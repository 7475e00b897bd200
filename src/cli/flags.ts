import { InvalidArgumentError, Option, type Command } from "commander";
import { formatDuration } from "../core/duration.js";
import { isKnownZone } from "../core/time.js";
import { isIP } from "node:net";
import { parseSize } from "../core/size.js";
import { compileFilter } from "../core/filter.js";
import { parseListenSpec } from "../input/listen-spec.js";
import { JSON_KEYS, type JsonField } from "../parse/jsonl.js";
import { DEFAULTS, MAX_WINDOW_S } from "../pipeline/options.js";
import { DEFAULT_FILE } from "./inputs.js";
import { collect, duration, numberIn } from "./parsers.js";

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

/** Where --http listens when given alone. */
export const DEFAULT_HTTP = "127.0.0.1:9145";
const DEFAULT_KEEP_BYTES = 50 * 1024 * 1024;
const DEFAULT_KEEP_S = 15 * 60;

/** "127.0.0.1:9145", ":9145", "9145", "[::1]:9145" as [host, port] (loopback when no host). */
export function httpAddress(text: string): [string, number] {
  const m = /^(?:(\[[^\]]+\]|[^:[\]]*):)?(\d{1,5})$/.exec(text.trim());
  const host = (m?.[1] ?? "").replace(/^\[|\]$/g, "") || "127.0.0.1";
  const port = Number(m?.[2]);
  if (m === null || port > 65535 || isIP(host) === 0)
    throw new InvalidArgumentError("must be [ADDRESS:]PORT, like 127.0.0.1:9145 or [::1]:9145");
  return [host, port];
}

/** Checks a --listen URL as it is given, and collects it. */
function listenUrl(text: string, previous: string[]): string[] {
  try {
    parseListenSpec(text);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message.replace(/^--listen \S+: /, ""));
  }
  return [...previous, text];
}

/** Checks a --filter expression as it is given, and collects it. */
function filterExpression(text: string, previous: string[]): string[] {
  try {
    compileFilter(text);
  } catch (err) {
    throw new InvalidArgumentError(`${(err as Error).message} in ${JSON.stringify(text)}`);
  }
  return [...previous, text];
}

function threadCount(text: string): "auto" | 1 | 2 {
  if (text === "1" || text === "2") return Number(text) as 1 | 2;
  if (text === "auto") return text;
  throw new InvalidArgumentError("must be 1, 2 or auto (counting stays on one thread)");
}

/** One command-line flag, defined once: its help, its default as shown, how its value is read. */
export interface Flag {
  flags: string;
  help: string;
  /** The default as the help and the README show it; absent when the flag has none. */
  shown?: string;
  /** The default value commander starts from (for repeatable flags, the empty list). */
  value?: unknown;
  parse?: (text: string, previous: never) => unknown;
}

const seconds = (s: number) => formatDuration(s);

/** The monitor's flags, in the order of --help and of the README's table. */
export const MONITOR_FLAGS: Flag[] = [
  {
    flags: "--config <file>",
    help: "a YAML config: options and rules (flags given here win)",
  },
  { flags: "--dry-notify", help: "say on stderr what notifications would send, and send none" },
  {
    flags: "-f, --file <path>",
    help: "a log file or pattern (repeatable; - is stdin)",
    shown: DEFAULT_FILE,
    value: [],
    parse: collect as (text: string, previous: never) => unknown,
  },
  {
    flags: "--listen <url>",
    help: "receive syslog: udp://HOST:PORT or tcp://HOST:PORT (repeatable)",
    value: [],
    parse: listenUrl as (text: string, previous: never) => unknown,
  },
  {
    flags: "--filter <expr>",
    help: "count only lines matching, like 'status >= 400 and section == /api' (repeatable)",
    value: [],
    parse: filterExpression as (text: string, previous: never) => unknown,
  },
  {
    flags: "--run-stats",
    help: "whole-run statistics: top paths, 404s, referrers, agents, visitors, hours (default)",
  },
  {
    flags: "--no-run-stats",
    help: "no whole-run statistics: the fastest replay",
  },
  {
    flags: "--report <file>",
    help: "write a self-contained HTML report of the whole run at the end",
  },
  {
    flags: "--keep-query",
    help: "whole-run paths keep their query string",
  },
  {
    flags: "--site-host <host>",
    help: "the site's own host: its referrers are internal, not listed (repeatable)",
    value: [],
    parse: collect as (text: string, previous: never) => unknown,
  },
  {
    flags: "-m, --max <rps>",
    help: "alert above this many requests/second",
    shown: String(DEFAULTS.threshold),
    value: DEFAULTS.threshold,
    parse: numberIn("the threshold must be a number of requests/second, 0 or more", 0, Infinity),
  },
  {
    flags: "-w, --window <duration>",
    help: "alert window",
    shown: seconds(DEFAULTS.windowS),
    value: DEFAULTS.windowS,
    parse: duration("--window", 1, MAX_WINDOW_S),
  },
  {
    flags: "-i, --interval <duration>",
    help: "report every this much log time",
    shown: seconds(DEFAULTS.intervalS),
    value: DEFAULTS.intervalS,
    parse: duration("--interval", 1, 86400),
  },
  {
    flags: "--lateness <duration>",
    help: "how long a second waits for lines written out of order before it is judged",
    shown: "learned",
    parse: duration("--lateness", 0, MAX_WINDOW_S),
  },
  {
    flags: "--top <n>",
    help: "rows in the top lists",
    shown: String(DEFAULTS.top),
    value: DEFAULTS.top,
    parse: numberIn("--top must be a whole number from 1 to 1000", 1, 1000, true),
  },
  { flags: "--json", help: "NDJSON events on stdout (schema v1)" },
  { flags: "--json-file <path>", help: "NDJSON events also to this file, with any display" },
  {
    flags: "--http [address]",
    help: `serve /metrics, a REST API and a live page (${DEFAULT_HTTP} when alone)`,
    parse: httpAddress as (text: string, previous: never) => unknown,
  },
  {
    flags: "--http-token-env <name>",
    help: "the environment variable holding a token every HTTP request must carry",
    parse: (text: string) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(text))
        throw new InvalidArgumentError(
          "names an environment variable (the token never goes on the line)",
        );
      return text;
    },
  },
  {
    flags: "--keep-lines <size>",
    help: "recent raw lines the HTTP API keeps for context, at most",
    shown: "50MiB",
    value: DEFAULT_KEEP_BYTES,
    parse: (text: string) => {
      const bytes = parseSize(text);
      if (bytes === null || bytes < 1024 * 1024 || bytes > 16 * 1024 ** 3)
        throw new InvalidArgumentError("must be a size between 1MiB and 16GiB, like 50MiB");
      return bytes;
    },
  },
  {
    flags: "--keep-for <duration>",
    help: "…and for at most this much log time",
    shown: seconds(DEFAULT_KEEP_S),
    value: DEFAULT_KEEP_S,
    parse: duration("--keep-for", 1, MAX_WINDOW_S),
  },
  { flags: "--plain", help: "plain text reports (the default when stdout is not a terminal)" },
  { flags: "--replay", help: "read the inputs from start to end as fast as possible, then exit" },
  { flags: "--from-start", help: "when following, read existing files from their first line" },
  { flags: "--from-end", help: "when following, start at the end of existing files (tail -f)" },
  { flags: "--poll", help: "follow by polling only (network mounts, containers)" },
  {
    flags: "--idle-exit <duration>",
    help: "stop after this long without a new line",
    parse: duration("--idle-exit", 1, MAX_WINDOW_S),
  },
  {
    flags: "--threads <n>",
    help: "replay: 2 parses files on a second core; auto when it pays",
    shown: String(DEFAULTS.threads),
    value: DEFAULTS.threads,
    parse: threadCount,
  },
  ...formatFlags(),
];

/** --format, --json-fields and --tz: how lines are read and times shown, for every command that reads logs. */
export function formatFlags(): Flag[] {
  return [
    {
      flags: "--format <format>",
      help: "auto, a name (clf, w3c, json, caddy, …) or a pasted log_format/LogFormat",
      shown: DEFAULTS.format,
      value: DEFAULTS.format,
    },
    {
      flags: "--json-fields <map>",
      help: "JSON keys for fields, like time=ts,path=uri",
      parse: jsonFieldMap,
    },
    {
      flags: "--tz <zone>",
      help: "show times in this zone (Europe/Paris, UTC); default local",
      parse: zone,
    },
  ];
}

/** Adds `flags` to a commander command. */
export function addFlags(cmd: Command, flags: Flag[]): Command {
  for (const f of flags) {
    const option = new Option(f.flags, f.help);
    if (f.value !== undefined) option.default(f.value, f.shown);
    if (f.parse !== undefined)
      option.argParser(f.parse as (text: string, previous: never) => never);
    cmd.addOption(option);
  }
  return cmd;
}
