import type { Node } from "yaml";
import type { RuleSpec } from "../alert/kinds.js";
import { PERCENTILES } from "../alert/latency.js";
import {
  compileMatch,
  hostProblem,
  keepOf,
  regexProblem,
  validStatus,
  type Matcher,
  type MatchSpec,
} from "../alert/match.js";
import { DEFAULT_MAX_GROUPS, type GroupBy, type MetricRuleSpec } from "../alert/metric-rule.js";
import { compileFilter } from "../core/filter.js";
import type { ConfigNode, ConfigReader } from "./reader.js";
import { yaml } from "./yaml.js";

const RULE_KEYS = [
  "name",
  "kind",
  "window",
  "match",
  "group_by",
  "max_groups",
  "for",
  "max",
  "min",
  "recover_below",
  "min_hits",
  "p",
  "message",
  "recover_message",
  "notify",
] as const;

const MATCH_KEYS = ["status", "section", "method", "host", "path", "user_agent"] as const;

/** Longest rule window: a day of per-second buckets per key. */
const MAX_RULE_WINDOW_S = 86400;

/** Requests a ratio rule's window needs before it may fire, unless `min_hits` says otherwise. */
export const DEFAULT_MIN_HITS = 10;

/** `match:` given as a `--filter` expression: checked here, its problem said with its position. */
function readExpression(r: ConfigReader, node: ConfigNode, rule: string): string | undefined {
  const text = r.string(node, `the match of rule ${rule}`);
  if (text === undefined) return undefined;
  try {
    compileFilter(text);
    return text;
  } catch (err) {
    return r.fail(node, `the match of rule ${rule}: ${(err as Error).message}`);
  }
}

/** A checked expression as a rule's matcher, and the record fields it reads. */
function compiledExpression(text: string): { match: Matcher; keep: number } {
  const filter = compileFilter(text);
  return { match: (rec) => filter.test(rec), keep: filter.keep };
}

function readMatch(r: ConfigReader, node: ConfigNode, rule: string): MatchSpec | undefined {
  const e = r.entries(node, `the match of rule ${rule}`, MATCH_KEYS);
  if (e === undefined) return undefined;
  const spec: MatchSpec = {};
  const status = e.get("status");
  if (status !== undefined) {
    spec.status = r.list(status, "status") ?? [];
    for (const s of spec.status)
      if (!validStatus(s)) r.fail(status, `status ${s} is not a code (404) or a class (5xx)`);
  }
  const section = e.get("section");
  if (section !== undefined) spec.section = r.list(section, "section") ?? [];
  const method = e.get("method");
  if (method !== undefined) spec.method = r.list(method, "method") ?? [];
  const host = e.get("host");
  let ok = true;
  if (host !== undefined) {
    spec.host = r.list(host, "host") ?? [];
    for (const h of spec.host) {
      const problem = hostProblem(h);
      if (problem !== null) ok = r.fail(host, `host ${h}: ${problem}`) ?? false;
    }
  }
  for (const key of ["path", "user_agent"] as const) {
    const n = e.get(key);
    if (n === undefined) continue;
    spec[key] = r.list(n, key) ?? [];
    for (const pattern of spec[key] ?? []) {
      const problem = regexProblem(pattern);
      if (problem !== null) ok = r.fail(n, `${key} ${pattern}: ${problem}`) ?? false;
    }
  }
  return ok ? spec : undefined;
}

/** A message template: only the known placeholders. */
function template(r: ConfigReader, node: Node | undefined, what: string): string | null {
  if (node === undefined) return null;
  const text = r.string(node, what);
  if (text === undefined) return null;
  for (const m of text.matchAll(/\{([^}]*)\}/g)) {
    if (!["rule", "key", "value", "threshold", "hits", "time"].includes(m[1] ?? "")) {
      r.fail(
        node,
        `${what}: unknown placeholder {${m[1]}} (known: {rule} {key} {value} {threshold} {hits} {time})`,
      );
    }
  }
  return text;
}

/** The channels a rule names (`notify:`), with where, to check them against `notify:`. */
export type Routes = Map<string, { node: Node; channels: string[] }>;

function readRule(
  r: ConfigReader,
  node: Node,
  names: Set<string>,
  windowS: number,
  routes: Routes,
): RuleSpec | undefined {
  const e = r.entries(node, "a rule", RULE_KEYS);
  if (e === undefined) return undefined;
  const nameNode = e.get("name");
  const name =
    nameNode === undefined ? r.fail(node, "a rule needs a name") : r.string(nameNode, "name");
  if (name === undefined) return undefined;
  if (!/^[A-Za-z0-9_.-]+$/.test(name) || name === "high_traffic") {
    return r.fail(
      nameNode ?? node,
      `rule name "${name}": letters, digits, _ . - only, and not high_traffic`,
    );
  }
  if (names.has(name)) return r.fail(nameNode ?? node, `a second rule named ${name}`);
  names.add(name);
  const notify = e.get("notify");
  if (notify !== undefined)
    routes.set(name, { node: notify, channels: r.list(notify, "notify") ?? [] });
  const kindNode = e.get("kind");
  if (kindNode === undefined)
    return r.fail(node, `rule ${name} needs a kind: rate, ratio or latency`);
  const kind = r.choice(kindNode, `the kind of rule ${name}`, [
    "rate",
    "ratio",
    "latency",
  ] as const);
  if (kind === undefined) return undefined;
  const get = (key: (typeof RULE_KEYS)[number]) => e.get(key);
  const onlyFor = (key: (typeof RULE_KEYS)[number], k: string) => {
    const n = get(key);
    if (n !== undefined && kind !== k)
      r.fail(n, `${key} is for ${k} rules, and ${name} is a ${kind} rule`);
  };
  onlyFor("min_hits", "ratio");
  onlyFor("p", "latency");
  const limit = kind === "ratio" ? 1 : Number.MAX_SAFE_INTEGER;
  const num = (key: "max" | "min" | "recover_below") => {
    const n = get(key);
    return n === undefined ? null : (r.number(n, `${key} of rule ${name}`, 0, limit) ?? null);
  };
  const max = num("max");
  const min = kind === "rate" ? num("min") : null;
  if (kind !== "rate" && get("min") !== undefined)
    r.fail(get("min") ?? node, `min is for rate rules`);
  if (max === null && min === null) {
    // A max or min that was given but wrong is said already.
    if (get("max") !== undefined || get("min") !== undefined) return undefined;
    return r.fail(node, `rule ${name} needs ${kind === "rate" ? "max or min" : "max"}`);
  }
  const recoverBelow = num("recover_below");
  if (recoverBelow !== null && (max === null || recoverBelow > max)) {
    r.fail(get("recover_below") ?? node, `recover_below of rule ${name} must be at most its max`);
  }
  const matchNode = get("match");
  // A `--filter` expression, or a mapping of status, section, method, host, path, user_agent.
  const expression =
    matchNode !== undefined && yaml().isScalar(matchNode)
      ? readExpression(r, matchNode, name)
      : null;
  const match =
    matchNode === undefined ? {} : expression !== null ? expression : readMatch(r, matchNode, name);
  const groupNode = get("group_by");
  const groupBy =
    groupNode === undefined
      ? null
      : (r.choice(groupNode, "group_by", ["section", "host", "status"] as const) ?? null);
  const maxGroupsNode = get("max_groups");
  const maxGroups =
    maxGroupsNode === undefined
      ? DEFAULT_MAX_GROUPS
      : (r.number(maxGroupsNode, "max_groups", 1, 10_000) ?? DEFAULT_MAX_GROUPS);
  const windowNode = get("window");
  const window =
    windowNode === undefined
      ? windowS
      : r.duration(windowNode, `window of rule ${name}`, 1, MAX_RULE_WINDOW_S);
  const forNode = get("for");
  const forS =
    forNode === undefined ? 0 : r.duration(forNode, `for of rule ${name}`, 0, MAX_RULE_WINDOW_S);
  if (match === undefined || window === undefined || forS === undefined) return undefined;
  const spec: MetricRuleSpec = {
    name,
    windowS: window,
    ...(typeof match === "string"
      ? compiledExpression(match)
      : { match: compileMatch(match), keep: keepOf(match) }),
    matchSpec: match,
    groupBy: groupBy as GroupBy | null,
    maxGroups,
    max,
    min,
    forS,
    recoverBelow,
    message: template(r, get("message"), "message"),
    recoverMessage: template(r, get("recover_message"), "recover_message"),
  };
  if (kind === "ratio") {
    const n = get("min_hits");
    const minHits =
      n === undefined ? DEFAULT_MIN_HITS : (r.number(n, "min_hits", 1, 1e9) ?? DEFAULT_MIN_HITS);
    return { kind, ...spec, minHits };
  }
  if (kind === "latency") {
    const n = get("p");
    const p = n === undefined ? 95 : r.number(n, "p", 0, 100);
    if (p !== undefined && !(PERCENTILES as readonly number[]).includes(p)) {
      r.fail(n ?? node, `p must be one of ${PERCENTILES.join(", ")}`);
    }
    return { kind, ...spec, p: p ?? 95 };
  }
  return { kind, ...spec };
}

/**
 * The `rules:` list, each checked; `windowS` is the window of rules that give none. The
 * channels each rule names go into `routes`.
 */
export function readRules(
  r: ConfigReader,
  node: ConfigNode,
  windowS: number,
  routes: Routes,
): RuleSpec[] {
  const items = r.items(node, "rules");
  if (items === undefined) return [];
  const names = new Set<string>();
  const out: RuleSpec[] = [];
  for (const item of items) {
    const rule = readRule(r, item, names, windowS, routes);
    if (rule !== undefined) out.push(rule);
  }
  return out;
}
