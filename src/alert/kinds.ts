import { HighTrafficRule, type HighTrafficConfig } from "./high-traffic.js";
import type { Rule } from "./rule.js";

/**
 * Every rule kind, by the name a configuration gives it: a new kind is one file implementing
 * Rule and one line here.
 */
export const RULE_KINDS = {
  high_traffic: (settings: HighTrafficConfig): Rule => new HighTrafficRule(settings),
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
