import { describe, expect, it } from "vitest";
import { createRule } from "../../src/alert/kinds.js";
import { alertEvent } from "../../src/core/event.js";
import type { LogRecord } from "../../src/core/types.js";
import { checkConfig } from "../../src/cli/config.js";
import { Monitor } from "../../src/stats/monitor.js";
import type { MonitorOutput } from "../../src/stats/monitor-types.js";
import { rec, T0 } from "../stats/helpers.js";

/** The rules of a config text (which must be valid). */
function rulesOf(yaml: string) {
  const { values, problems } = checkConfig("test.yaml", yaml);
  expect(problems).toEqual([]);
  return values.rules.map((r) => createRule(r));
}

/** Runs records through a monitor with only the config's rules: [kind, second, key, hits] each. */
function timeline(yaml: string, records: LogRecord[]) {
  const out: MonitorOutput[] = [];
  const m = new Monitor(
    { threshold: 1e9, windowS: 10, intervalS: 10, top: 5, latenessS: 0 },
    (o) => out.push(o),
    rulesOf(yaml),
  );
  const tally = m.input("test");
  for (const r of records) m.record(r, tally);
  m.finish();
  const events = out.flatMap((o) => (o.kind === "alert" ? [o.event] : []));
  return {
    events,
    steps: events.map((e) => [e.kind, e.time - T0, e.key, e.hits] as const),
  };
}

/** `perSecond` records at each second of [from, to], with `fields`. */
function lines(from: number, to: number, perSecond: number, fields: Partial<LogRecord> = {}) {
  const out: LogRecord[] = [];
  for (let t = from; t <= to; t++) for (let i = 0; i < perSecond; i++) out.push(rec(t, fields));
  return out;
}

describe("rule kinds against hand-computed timelines", () => {
  it("rate: above max for `for:` seconds fires at the second it has held that long", () => {
    const yaml = "rules:\n  - { name: busy, kind: rate, max: 2, window: 5s, for: 3s }\n";
    // 1/s, then 20/s from 20 to 29, then 1/s: the 5 s window (t - 5, t] is above 2 req/s from
    // second 20 (4 + 20 = 24 hits) to 33, and at 34 holds 5 (1 req/s). Held 3 s: fires at 23,
    // when (18, 23] holds 1 + 4 × 20.
    const r = timeline(yaml, [...lines(0, 19, 1), ...lines(20, 29, 20), ...lines(30, 40, 1)]);
    expect(r.steps).toEqual([
      ["alert", 23, null, 1 + 20 * 4],
      ["recover", 34, null, 5],
    ]);
    expect(r.events[0]?.message).toBe(
      "busy: 16.2 req/s, above 2 req/s over 5s - hits = 81, triggered at 2026-11-21T08:00:23Z",
    );
    expect(alertEvent(r.events[1] as never).id).toBe(alertEvent(r.events[0] as never).id);
    expect(alertEvent(r.events[0] as never).id).toBe("busy@2026-11-21T08:00:23Z");
  });

  it("rate: recover_below holds the alert until the value is that low (hysteresis)", () => {
    const yaml = "rules:\n  - { name: busy, kind: rate, max: 2, recover_below: 0.5, window: 5s }\n";
    const r = timeline(yaml, [...lines(0, 19, 1), ...lines(20, 29, 20), ...lines(30, 40, 1)]);
    expect(r.steps).toEqual([["alert", 20, null, 24]]);
    const quiet = timeline(yaml, [...lines(20, 29, 20), ...lines(30, 34, 1), ...lines(45, 50, 1)]);
    // At 37 the window (32, 37] holds 33 and 34: 0.4 req/s ≤ 0.5 (at 36, 0.6 was not).
    expect(quiet.steps).toEqual([
      ["alert", 20, null, 20],
      ["recover", 37, null, 2],
    ]);
  });

  it("rate: min is a flatline, judged once a full window has passed, even over seconds without lines", () => {
    const yaml = "rules:\n  - { name: down, kind: rate, min: 0.5, window: 5s }\n";
    // 1/s from 0 to 9, nothing from 10 to 19, 1/s again from 20.
    const r = timeline(yaml, [...lines(0, 9, 1), ...lines(20, 30, 1)]);
    expect(r.steps).toEqual([
      ["alert", 12, null, 2],
      ["recover", 22, null, 3],
    ]);
    expect(r.events[0]?.message).toContain("down: 0.4 req/s, below 0.5 req/s over 5s");
  });

  it("ratio: the share of matching requests per key, only with min_hits requests in the window", () => {
    const yaml = [
      "rules:",
      "  - name: errors",
      "    kind: ratio",
      "    match: { status: 5xx }",
      "    group_by: section",
      "    max: 0.2",
      "    min_hits: 20",
      "    window: 5s",
    ].join("\n");
    const records: LogRecord[] = [];
    for (let t = 0; t <= 12; t++) {
      for (let i = 0; i < 10; i++) {
        records.push(rec(t, { section: "/a", status: i < 5 ? 503 : 200 }));
        records.push(rec(t, { section: "/b", status: i < 1 ? 500 : 200 }));
      }
    }
    // /a: half 5xx; its window holds 20 requests from second 1. /b: 10 %, never above 20 %.
    const r = timeline(yaml, records);
    expect(r.steps).toEqual([["alert", 1, "/a", 20]]);
    expect(r.events[0]?.message).toBe(
      "errors [/a]: 50 % of requests, above 20 % of requests over 5s - hits = 20, triggered at 2026-11-21T08:00:01Z",
    );
  });

  it("group_by keeps at most max_groups keys, the busiest, and counts the others", () => {
    const yaml =
      "rules:\n  - { name: hammer, kind: rate, max: 3, window: 5s, group_by: host, max_groups: 2 }\n";
    const records: LogRecord[] = [];
    for (let t = 0; t <= 20; t++) {
      // Ten one-off clients a second, and one that hammers at 5/s.
      for (let i = 0; i < 10; i++) records.push(rec(t, { host: `10.0.${t}.${i}` }));
      for (let i = 0; i < 5; i++) records.push(rec(t, { host: "192.0.2.66" }));
    }
    const rules = rulesOf(yaml);
    const r = timeline(yaml, records);
    // The hammer's window is above 3 req/s from second 3 (20 hits in 5 s); no one-off client fires.
    expect(r.steps).toEqual([["alert", 3, "192.0.2.66", 20]]);
    expect(rules).toHaveLength(1);
  });

  it("latency: the percentile of request times over the window, in ms", () => {
    const yaml = "rules:\n  - { name: slow, kind: latency, p: 95, max: 300, window: 5s }\n";
    const records = [
      ...lines(0, 9, 5, { latencyMs: 50 }),
      ...lines(10, 14, 5, { latencyMs: 800 }),
      ...lines(15, 30, 5, { latencyMs: 40 }),
    ];
    // At 10, 5 of the window's 25 times (20 %) are 800 ms: p95 is 800 (bucket edge ≤ 9 % above).
    const r = timeline(yaml, records);
    expect(r.steps).toEqual([
      ["alert", 10, null, 25],
      ["recover", 19, null, 25],
    ]);
    const value = r.events[0]?.value ?? 0;
    expect(value).toBeGreaterThanOrEqual(800);
    expect(value).toBeLessThanOrEqual(800 * 1.09);
  });

  it("message templates fill {rule} {key} {value} {threshold} {hits} {time}", () => {
    const yaml = [
      "rules:",
      "  - name: busy",
      "    kind: rate",
      "    max: 2",
      "    window: 5s",
      "    group_by: section",
      '    message: "{rule} on {key}: {value} > {threshold} ({hits}) at {time}"',
      '    recover_message: "{rule} on {key} fine at {time}"',
    ].join("\n");
    const r = timeline(yaml, [...lines(0, 3, 5, { section: "/x" }), ...lines(4, 12, 0)]);
    expect(r.events.map((e) => e.message)).toEqual([
      "busy on /x: 3 req/s > 2 req/s (15) at 2026-11-21T08:00:02Z",
    ]);
  });
});

describe("a rule whose window is shorter than the lateness", () => {
  it("keeps the lines read up to the run's window ahead of it: its timeline is the sorted lines'", () => {
    const { values } = checkConfig(
      "t.yaml",
      "rules:\n  - { name: busy, kind: rate, max: 2, window: 5s }\n",
    );
    const run = (records: LogRecord[]) => {
      const out: MonitorOutput[] = [];
      // The run's window is 60 s: lines may come up to that late, and the rule must keep them.
      const rules = values.rules.map((r) => createRule(r, { aheadS: 60 }));
      const m = new Monitor(
        { threshold: 1e9, windowS: 60, intervalS: 10, top: 5 },
        (o) => out.push(o),
        rules,
      );
      const tally = m.input("t");
      for (const r of records) m.record(r, tally);
      m.finish();
      return out.flatMap((o) =>
        o.kind === "alert" ? [[o.event.kind, o.event.time - T0, o.event.hits]] : [],
      );
    };
    const inOrder = [...lines(0, 39, 1), ...lines(40, 59, 4), ...lines(60, 99, 1)];
    // Each line written up to 20 s after its stamp, as slow requests are.
    const late = inOrder
      .map((r, i) => ({ r, at: r.time + ((i * 7) % 21) }))
      .sort((a, b) => a.at - b.at)
      .map((x) => x.r);
    const expected = run(inOrder);
    expect(expected.length).toBeGreaterThanOrEqual(2);
    expect(run(late)).toEqual(expected);
  });
});
