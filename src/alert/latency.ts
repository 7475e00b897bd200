import { LatencyWindow } from "./latency-window.js";
import { MetricRule, type Kind, type MetricRuleSpec } from "./metric-rule.js";

/** Percentiles a latency rule may watch. */
export const PERCENTILES = [50, 90, 95, 99] as const;

/**
 * `latency`: the `p`th percentile of the request times of matching requests over the window,
 * in milliseconds, above `max` (formats without a request time give it no data: see the config
 * check's warning). A window without request times has the value 0.
 */
export function latencyRule(spec: MetricRuleSpec, p: number): MetricRule {
  let matched = 0;
  let timed = 0;
  const kind: Kind = {
    countsUnmatched: false,
    note: () =>
      matched > 0 && timed === 0
        ? `none of its ${matched} requests carried a request time: the log's format has none ` +
          "($request_time, %D, %T, time-taken or a JSON duration), so it could not fire"
        : null,
    describe: (v) => `p${p} ${Math.round(v)} ms`,
    measure: () => {
      const w = new LatencyWindow(spec.windowS, spec.aheadS ?? spec.windowS);
      return {
        add: (rec) => {
          matched++;
          if (rec.latencyMs >= 0) {
            timed++;
            w.add(rec.time, rec.latencyMs);
          }
        },
        advanceTo: (t) => w.advanceTo(t),
        get value() {
          return w.percentile(p);
        },
        get hits() {
          return w.hits;
        },
        eligible: true,
        get traffic() {
          return w.hits;
        },
      };
    },
  };
  return new MetricRule(spec, kind);
}
