import type { RuleSpec } from "../alert/kinds.js";
import type { MatchSpec } from "../alert/match.js";
import { yaml } from "../config/yaml.js";

/** What the rules file is made from: the built-in rule's settings and the configured rules. */
export interface RulesSource {
  threshold: number;
  windowS: number;
  highTraffic: boolean;
  rules: RuleSpec[];
}

interface PromRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** "api_errors" → "LogmonApiErrors": Prometheus alert names by convention. */
function alertName(rule: string): string {
  return `Logmon${rule.replace(/(^|[^A-Za-z0-9])([A-Za-z0-9])/g, (_, _s, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, "")}`;
}

/** A PromQL label matcher for status classes, or why the match cannot be one. */
function selector(match: MatchSpec | string | undefined): { labels: string; why: string | null } {
  if (typeof match === "string") {
    return {
      labels: "",
      why: `its match is an expression ("${match}"), not labels of logmon's metrics`,
    };
  }
  const m = match ?? {};
  for (const key of ["section", "method", "host", "path", "user_agent"] as const) {
    if ((m[key] ?? []).length > 0)
      return { labels: "", why: `its match on ${key} is not in logmon's metrics` };
  }
  const status = (m.status ?? []).map(String);
  if (status.some((s) => !/^[1-5]xx$/i.test(s))) {
    return {
      labels: "",
      why: "its match on status codes (not classes) is not in logmon's metrics",
    };
  }
  return {
    labels:
      status.length === 0
        ? ""
        : `{status_class=~"${status.map((s) => s.toLowerCase()).join("|")}"}`,
    why: null,
  };
}

/** `> max`, `< min` (no instance at all counting as 0) or both, over one expression. */
function compare(expr: string, max: number | null, min: number | null): string {
  const parts = [
    ...(max === null ? [] : [`${expr} > ${max}`]),
    ...(min === null ? [] : [`(${expr} or vector(0)) < ${min}`]),
  ];
  return parts.length === 1 ? (parts[0] as string) : parts.map((p) => `(${p})`).join(" or ");
}

/** One configured rule as a Prometheus rule, or why it cannot be one. */
function promRule(spec: RuleSpec): PromRule | string {
  if (spec.kind === "high_traffic") return "high_traffic is the built-in rule";
  if (spec.groupBy !== null)
    return `it groups by ${spec.groupBy}, which logmon's metrics do not carry per line`;
  const w = `${spec.windowS}s`;
  const { labels, why } = selector(spec.matchSpec);
  if (why !== null) return why;
  let expr: string;
  if (spec.kind === "rate") {
    expr = compare(`sum(rate(logmon_requests_total${labels}[${w}]))`, spec.max, spec.min);
  } else if (spec.kind === "ratio") {
    const share = `sum(rate(logmon_requests_total${labels}[${w}])) / sum(rate(logmon_requests_total[${w}]))`;
    expr = `(${compare(share, spec.max, spec.min)}) and sum(increase(logmon_requests_total[${w}])) >= ${spec.minHits}`;
  } else {
    if (labels !== "") return "its match is not in the duration histogram's labels";
    const q = `histogram_quantile(${spec.p / 100}, sum by (le) (rate(logmon_request_duration_seconds_bucket[${w}])))`;
    expr = compare(
      q,
      spec.max === null ? null : spec.max / 1000,
      spec.min === null ? null : spec.min / 1000,
    );
  }
  return {
    alert: alertName(spec.name),
    expr,
    ...(spec.forS > 0 ? { for: `${spec.forS}s` } : {}),
    labels: { severity: "warning", logmon_rule: spec.name },
    annotations: { summary: `logmon rule ${spec.name} (${spec.kind}) over every instance` },
  };
}

/**
 * A Prometheus alerting-rules file saying the run's rules over the sum of every logmon scraped:
 * a fleet alerts on its total when no single server would. Rules that logmon's metrics cannot
 * express (a match on hosts or paths, a group_by) are left out, each with a comment saying why.
 */
export function prometheusRules(source: RulesSource): string {
  const rules: PromRule[] = [];
  const left: string[] = [];
  if (source.highTraffic) {
    rules.push({
      alert: "LogmonHighTraffic",
      expr: `sum(rate(logmon_requests_total[${source.windowS}s])) > ${source.threshold}`,
      labels: { severity: "warning", logmon_rule: "high_traffic" },
      annotations: {
        summary: 'High traffic over every instance: {{ $value | printf "%.2f" }} req/s',
      },
    });
  }
  for (const spec of source.rules) {
    const r = promRule(spec);
    if (typeof r === "string")
      left.push(`# rule ${"name" in spec ? spec.name : spec.kind} left out: ${r}`);
    else rules.push(r);
  }
  const head = [
    "# Prometheus alerting rules from logmon's config, over the sum of every logmon scraped.",
    "# Load with rule_files: in prometheus.yml; check with promtool check rules.",
    ...left,
  ].join("\n");
  return `${head}\n${yaml().stringify({ groups: [{ name: "logmon", rules }] }, { lineWidth: 0 })}`;
}
