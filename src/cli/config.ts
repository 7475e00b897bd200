import { readFileSync } from "node:fs";
import type { Node } from "yaml";
import type { RuleSpec } from "../alert/kinds.js";
import { LISTEN_OPTIONS } from "../input/listen-spec.js";
import { ConfigReader } from "../config/reader.js";
import { readChannels } from "../config/notify.js";
import { readRules, type Routes } from "../config/rules.js";
import { readLogs, readXmpp } from "../config/xmpp.js";
import type { XmppSpec } from "../xmpp/spec.js";
import { yaml } from "../config/yaml.js";
import type { ChannelSpec } from "../notify/channel.js";
import { UsageError } from "../core/errors.js";
import { DEFAULTS } from "../pipeline/options.js";
import { describeFsError } from "../source/errors.js";
import { formatFlags, MONITOR_FLAGS, type Flag } from "./flags.js";

/** What a config file sets: command-line options by their attribute name, and the rules. */
export interface ConfigValues {
  flags: Record<string, unknown>;
  /** `high_traffic: false` turns the built-in rule off. */
  highTraffic: boolean;
  rules: RuleSpec[];
  /** Notification channels (`notify:`), and the channels of each rule that names some. */
  channels: ChannelSpec[];
  routes: Record<string, string[]>;
  /** Where alerts are kept across restarts (`state_file:`), or null. */
  stateFile: string | null;
  /** Log names the chat bot may serve (`logs:`), and the bot (`xmpp:`), or null. */
  logs: Map<string, string>;
  xmpp: XmppSpec | null;
}

/** A flag as a config key: its long name with "_" ("json_file"), `files` for --file. */
interface FlagKey {
  key: string;
  attribute: string;
  flag: Flag;
  takesValue: boolean;
}

function flagKeys(): FlagKey[] {
  const all = [...MONITOR_FLAGS, ...formatFlags()];
  return (
    all
      // --config and --dry-notify are about the run, not what a config holds; a --no-x flag is
      // the config's `x: false`.
      .filter(
        (f, i) =>
          !/--(config|dry-notify|no-[a-z-]+)\b/.test(f.flags) &&
          all.findIndex((g) => g.flags === f.flags) === i,
      )
      .map((flag) => {
        const long = /--([a-z-]+)/.exec(flag.flags)?.[1] ?? "";
        const attribute = long.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
        const key = long === "file" ? "files" : long.replace(/-/g, "_");
        return { key, attribute, flag, takesValue: /[<[]/.test(flag.flags) };
      })
  );
}

/** The text a flag would have been given for a config value (json_fields may be a mapping). */
function flagText(r: ConfigReader, node: Node, key: string): string | undefined {
  if (key === "json_fields" && yaml().isMap(node)) {
    return node.items
      .map(
        (p) =>
          `${yaml().isScalar(p.key) ? String(p.key.value) : ""}=${yaml().isScalar(p.value) ? String(p.value.value) : ""}`,
      )
      .join(",");
  }
  return r.string(node, key);
}

/**
 * `listen:` as URLs: each item a URL, or a mapping of `url:` and the URL's options
 * (`allow:` a list), which becomes the URL with them as its query.
 */
function listenTexts(r: ConfigReader, node: Node): string[] | undefined {
  if (!yaml().isSeq(node) || !node.items.some((item) => yaml().isMap(item))) {
    return r.list(node, "listen");
  }
  const out: string[] = [];
  for (const item of node.items as Node[]) {
    if (!yaml().isMap(item)) {
      const text = r.string(item, "each of listen");
      if (text !== undefined) out.push(text);
      continue;
    }
    const e = r.entries(item, "a listener", ["url", ...LISTEN_OPTIONS]);
    const url = e?.get("url");
    if (e === undefined) continue;
    if (url === undefined) {
      r.fail(item, "a listener needs url: (like tcp://127.0.0.1:5514)");
      continue;
    }
    const base = r.string(url, "url");
    const query: string[] = [];
    for (const key of LISTEN_OPTIONS) {
      const value = e.get(key);
      if (value === undefined) continue;
      const text = key === "allow" ? r.list(value, key)?.join(",") : r.string(value, key);
      if (text !== undefined) query.push(`${key}=${encodeURIComponent(text)}`);
    }
    if (base !== undefined) out.push(query.length > 0 ? `${base}?${query.join("&")}` : base);
  }
  return out;
}

/** Reads one flag's value through the flag's own parser, so the checks are the command line's. */
function readFlag(r: ConfigReader, node: Node, k: FlagKey): unknown {
  if (!k.takesValue) return r.boolean(node, k.key);
  // A flag whose value is optional (--http) may be just `true`.
  if (k.flag.flags.includes("[") && yaml().isScalar(node) && node.value === true) return true;
  const texts =
    k.key === "listen"
      ? listenTexts(r, node)
      : // Files, and any repeatable flag given as a list (filter:), are read item by item.
        k.key === "files" || (Array.isArray(k.flag.value) && yaml().isSeq(node))
        ? r.list(node, k.key)
        : [flagText(r, node, k.key)];
  if (texts === undefined || texts.includes(undefined)) return undefined;
  let value: unknown = k.flag.value;
  for (const text of texts as string[]) {
    try {
      value = k.flag.parse === undefined ? text : k.flag.parse(text, value as never);
    } catch (err) {
      // The flag's words without the flag's name: "window: must be a duration like 10s…".
      return r.fail(node, `${k.key}: ${(err as Error).message.replace(/^--[a-z-]+ /, "")}`);
    }
  }
  return value;
}

/** Checks the text of a config file; `problems` lists every one as file:line:col: what. */
export function checkConfig(
  file: string,
  text: string,
): { values: ConfigValues; problems: string[] } {
  const r = new ConfigReader(file, text);
  const keys = flagKeys();
  const values: ConfigValues = {
    flags: {},
    highTraffic: true,
    rules: [],
    channels: [],
    routes: {},
    stateFile: null,
    logs: new Map(),
    xmpp: null,
  };
  if (r.problems.length > 0) return { values, problems: r.problems };
  if (r.root === null) return { values, problems: [] };
  const e = r.entries(r.root, "the config", [
    ...keys.map((k) => k.key),
    "high_traffic",
    "rules",
    "notify",
    "state_file",
    "logs",
    "xmpp",
  ]);
  if (e === undefined) return { values, problems: r.problems };
  for (const k of keys) {
    const node = e.get(k.key);
    if (node === undefined) continue;
    const value = readFlag(r, node, k);
    if (value !== undefined) values.flags[k.attribute] = value;
  }
  const ht = e.get("high_traffic");
  if (ht !== undefined) values.highTraffic = r.boolean(ht, "high_traffic") ?? true;
  const rules = e.get("rules");
  const windowS = (values.flags.window as number | undefined) ?? DEFAULTS.windowS;
  const routes: Routes = new Map();
  if (rules !== undefined) values.rules = readRules(r, rules, windowS, routes);
  const state = e.get("state_file");
  if (state !== undefined) values.stateFile = r.string(state, "state_file") ?? null;
  const logs = e.get("logs");
  if (logs !== undefined) values.logs = readLogs(r, logs);
  const xmpp = e.get("xmpp");
  if (xmpp !== undefined) values.xmpp = readXmpp(r, xmpp, values.logs) ?? null;
  else if (logs !== undefined) r.fail(logs, "logs: names what the chat bot serves: it needs xmpp:");
  const notify = e.get("notify");
  if (notify !== undefined) values.channels = readChannels(r, notify);
  const known = new Set(values.channels.map((c) => c.name));
  for (const [rule, route] of routes) {
    for (const name of route.channels) {
      if (!known.has(name))
        r.fail(route.node, `rule ${rule} notifies ${name}, which is not a channel under notify:`);
    }
    values.routes[rule] = route.channels;
  }
  return { values, problems: r.problems };
}

/** Reads and checks a config file; every problem is one `logmon: file:line:col: …` line (exit 2). */
export function readConfig(file: string): ConfigValues {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read config ${file}: ${describeFsError(err)}`, 2);
  }
  const { values, problems } = checkConfig(file, text);
  if (problems.length > 0) throw new UsageError(problems.join("\nlogmon: "), 2);
  return values;
}
