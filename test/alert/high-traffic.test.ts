import { describe, expect, it } from "vitest";
import { HighTrafficRule } from "../../src/alert/high-traffic.js";
import { setDisplayZone } from "../../src/core/time.js";
import type { AlertEvent } from "../../src/core/types.js";
import { rec } from "../stats/helpers.js";

/** Feeds `hits` requests at second `t`, then evaluates it. */
function at(rule: HighTrafficRule, t: number, hits: number): readonly AlertEvent[] {
  for (let i = 0; i < hits; i++) rule.record({ ...rec(0), time: t });
  return rule.second(t);
}

describe("the high_traffic rule", () => {
  setDisplayZone("UTC");
  const config = { threshold: 10, windowS: 120 };

  it("does not fire at exactly the threshold, fires just above it, with the contract's message", () => {
    const r = new HighTrafficRule(config);
    expect(at(r, 100, 1199)).toEqual([]);
    expect(at(r, 101, 1)).toEqual([]);
    expect(at(r, 102, 1)).toEqual([
      {
        rule: "high_traffic",
        key: null,
        kind: "alert",
        time: 102,
        hits: 1201,
        rate: 1201 / 120,
        value: 1201 / 120,
        threshold: 10,
        windowS: 120,
        message: "High traffic generated an alert - hits = 1201, triggered at 1970-01-01T00:01:42Z",
      },
    ]);
    expect(r.firingSince).toBe(102);
    expect(r.quiet).toBe(false);
  });

  it("does not repeat while firing and recovers at or below the threshold, when seconds leave the window", () => {
    const r = new HighTrafficRule(config);
    expect(at(r, 0, 1300).map((e) => e.kind)).toEqual(["alert"]);
    expect(at(r, 1, 5)).toEqual([]);
    const recovered = at(r, 120, 0);
    expect(recovered).toEqual([
      {
        rule: "high_traffic",
        key: null,
        kind: "recover",
        time: 120,
        hits: 5,
        rate: 5 / 120,
        value: 5 / 120,
        threshold: 10,
        windowS: 120,
        since: 0,
        message: "Traffic recovered - hits = 5, recovered at 1970-01-01T00:02:00Z",
      },
    ]);
    expect(r.firingSince).toBeNull();
    expect(at(r, 121, 0)).toEqual([]);
    expect(r.quiet).toBe(true);
  });

  it("compares fractional thresholds exactly, and fires on any hit with a threshold of 0", () => {
    const tenth = new HighTrafficRule({ threshold: 0.1, windowS: 120 });
    expect(at(tenth, 0, 12)).toEqual([]);
    expect(at(tenth, 1, 1).map((e) => e.kind)).toEqual(["alert"]);
    const zero = new HighTrafficRule({ threshold: 0, windowS: 60 });
    expect(at(zero, 0, 0)).toEqual([]);
    expect(at(zero, 1, 1).map((e) => e.kind)).toEqual(["alert"]);
    expect(at(zero, 61, 0).map((e) => e.kind)).toEqual(["recover"]);
  });
});
