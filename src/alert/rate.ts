import { RateWindow } from "../core/window.js";
import { MetricRule, type Kind, type MetricRuleSpec } from "./metric-rule.js";

/**
 * `rate`: matching requests per second over the rule's window, above `max` and/or below `min`
 * (a flatline: the site stopped answering, which an empty window also shows).
 */
export function rateRule(spec: MetricRuleSpec): MetricRule {
  const kind: Kind = {
    countsUnmatched: false,
    describe: (v) => `${Math.round(v * 100) / 100} req/s`,
    measure: () => {
      const w = new RateWindow(spec.windowS, spec.aheadS ?? spec.windowS);
      return {
        add: (rec) => void w.add(rec.time),
        advanceTo: (t) => w.advanceTo(t),
        get value() {
          return w.hits / spec.windowS;
        },
        get hits() {
          return w.hits;
        },
        eligible: true,
        get traffic() {
          return w.held;
        },
      };
    },
  };
  return new MetricRule(spec, kind);
}
