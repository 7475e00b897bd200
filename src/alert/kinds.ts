import { HighTrafficRule, type HighTrafficConfig } from "./high-traffic.js";
import { latencyRule } from "./latency.js";
import type { MetricRuleSpec } from "./metric-rule.js";
import { rateRule } from "./rate.js";
import { ratioRule } from "./ratio.js";
import type { Rule } from "./rule.js";

/**
 * Every rule kind, by the name a configuration gives it: a new kind is one file implementing
 * Rule and one line here.
 */
export const RULE_KINDS = {
  high_traffic: (settings: HighTrafficConfig): Rule => new HighTrafficRule(settings),
  rate: (settings: MetricRuleSpec): Rule => rateRule(settings),
  ratio: (settings: MetricRuleSpec & { minHits: number }): Rule =>
    ratioRule(settings, settings.minHits),
  latency: (settings: MetricRuleSpec & { p: number }): Rule => latencyRule(settings, settings.p),
} satisfies Record<string, (settings: never) => Rule>;

/** A rule as configured: its kind and that kind's settings. */
export type RuleSpec = {
  [K in keyof typeof RULE_KINDS]: { kind: K } & Parameters<(typeof RULE_KINDS)[K]>[0];
}[keyof typeof RULE_KINDS];

/** Makes the rule a spec describes. */
export function createRule(spec: RuleSpec): Rule {
  const make = RULE_KINDS[spec.kind] as (settings: RuleSpec) => Rule;
  return make(spec);
}
