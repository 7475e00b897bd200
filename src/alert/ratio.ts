import { RateWindow } from "../core/window.js";
import { MetricRule, type Kind, type MetricRuleSpec } from "./metric-rule.js";

/**
 * `ratio`: the share of requests matching the rule among all requests (of the key, when
 * grouped) over its window, above `max`; judged only when the window holds at least `minHits`
 * requests, so one error out of one request is not an alert.
 */
export function ratioRule(spec: MetricRuleSpec, minHits: number): MetricRule {
  const kind: Kind = {
    countsUnmatched: true,
    describe: (v) => `${Math.round(v * 1000) / 10} % of requests`,
    measure: () => {
      const matching = new RateWindow(spec.windowS, spec.aheadS ?? spec.windowS);
      const all = new RateWindow(spec.windowS, spec.aheadS ?? spec.windowS);
      return {
        add: (rec, matched) => {
          all.add(rec.time);
          if (matched) matching.add(rec.time);
        },
        advanceTo: (t) => {
          all.advanceTo(t);
          matching.advanceTo(t);
        },
        get value() {
          return all.hits === 0 ? 0 : matching.hits / all.hits;
        },
        get hits() {
          return all.hits;
        },
        get eligible() {
          return all.hits >= minHits;
        },
        get traffic() {
          return all.held;
        },
      };
    },
  };
  return new MetricRule(spec, kind);
}
