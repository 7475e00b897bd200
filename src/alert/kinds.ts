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
  high_traffic: (settings: HighTrafficConfig, run?: RuleContext): Rule =>
    new HighTrafficRule(settings, run?.aheadS),
  rate: (settings: MetricRuleSpec, run?: RuleContext): Rule => rateRule(within(settings, run)),
  ratio: (settings: MetricRuleSpec & { minHits: number }, run?: RuleContext): Rule =>
    ratioRule(within(settings, run), settings.minHits),
  latency: (settings: MetricRuleSpec & { p: number }, run?: RuleContext): Rule =>
    latencyRule(within(settings, run), settings.p),
} satisfies Record<string, (settings: never, run?: RuleContext) => Rule>;

/** What a rule must know of the run it is in. */
export interface RuleContext {
  /**
   * How far ahead of the judged second records may come: the run's lateness cap (its window),
   * which may exceed a rule's own window. Without a run: the rule's own window.
   */
  aheadS: number;
}

/** A configured rule's settings with the run's reach ahead. */
function within<T extends MetricRuleSpec>(settings: T, run: RuleContext | undefined): T {
  return run === undefined
    ? settings
    : { ...settings, aheadS: Math.max(settings.windowS, run.aheadS) };
}

/** A rule as configured: its kind and that kind's settings. */
export type RuleSpec = {
  [K in keyof typeof RULE_KINDS]: { kind: K } & Parameters<(typeof RULE_KINDS)[K]>[0];
}[keyof typeof RULE_KINDS];

/** Makes the rule a spec describes, for a run (`run` absent: the rule on its own). */
export function createRule(spec: RuleSpec, run?: RuleContext): Rule {
  const make = RULE_KINDS[spec.kind] as (settings: RuleSpec, run?: RuleContext) => Rule;
  return make(spec, run);
}
