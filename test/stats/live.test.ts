import { describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock.js";
import { LiveTime } from "../../src/stats/live.js";
import { newMonitor, rec, T0 } from "./helpers.js";
import type { MonitorOutput } from "../../src/stats/monitor-types.js";

describe("LiveTime", () => {
  it("says nothing while bytes arrive, then moves on with the wall clock from the newest line", () => {
    const clock = new ManualClock(1_000_000);
    const live = new LiveTime(clock);
    expect(live.now(T0, 100)).toBeNull();
    clock.advance(250);
    expect(live.now(T0 + 1, 200)).toBeNull();
    clock.advance(250);
    expect(live.now(T0 + 1, 200)).toBe(T0 + 1);
    clock.advance(1000);
    expect(live.now(T0 + 1, 200)).toBe(T0 + 2);
    clock.advance(58_000);
    expect(live.now(T0 + 1, 200)).toBe(T0 + 60);
  });

  it("is anchored to the log's clock, not the local one (a server hours off still works)", () => {
    const clock = new ManualClock(Date.UTC(2030, 0, 1));
    const live = new LiveTime(clock);
    live.now(T0, 1);
    clock.advance(5000);
    expect(live.now(T0, 1)).toBe(T0 + 5);
  });

  it("restarts from the newest line when input resumes", () => {
    const clock = new ManualClock(0);
    const live = new LiveTime(clock);
    live.now(T0, 1);
    clock.advance(10_000);
    expect(live.now(T0, 1)).toBe(T0 + 10);
    expect(live.now(T0 + 3, 2)).toBeNull();
    clock.advance(2000);
    expect(live.now(T0 + 3, 2)).toBe(T0 + 5);
  });

  it("anchors to a line that starts log time while no bytes arrive (a lone line believed)", () => {
    const clock = new ManualClock(Date.UTC(2030, 0, 1));
    const live = new LiveTime(clock);
    expect(live.now(null, 100)).toBeNull();
    clock.advance(250);
    expect(live.now(null, 100)).toBe(Date.UTC(2030, 0, 1) / 1000);
    expect(live.now(T0, 100)).toBeNull();
    clock.advance(3000);
    expect(live.now(T0, 100)).toBe(T0 + 3);
  });
});

describe("Monitor.tick: log time moved by the wall clock", () => {
  function monitor() {
    const outputs: MonitorOutput[] = [];
    const m = newMonitor((o) => outputs.push(o));
    const tally = m.input("live.log");
    const alerts = () =>
      outputs.flatMap((o) => (o.kind === "alert" ? [[o.event.kind, o.event.time - T0]] : []));
    return { m, tally, outputs, alerts };
  }

  it("recovers an alert when traffic stops entirely", () => {
    const { m, tally, alerts } = monitor();
    for (let i = 0; i < 20; i++) m.record(rec(0), tally);
    m.record(rec(1), tally);
    expect(alerts()).toEqual([["alert", 0]]);
    m.tick(T0 + 5);
    expect(alerts()).toEqual([["alert", 0]]);
    m.tick(T0 + 12);
    expect(alerts()).toEqual([
      ["alert", 0],
      ["recover", 10],
    ]);
  });

  it("believes a lone first line once input is quiet, and reports it while following", () => {
    const { m, tally, outputs } = monitor();
    m.record(rec(0), tally);
    m.tick(T0 + 100_000);
    for (let t = 1; t <= 11; t++) m.tick(T0 + t);
    const spans = outputs.flatMap((o) =>
      o.kind === "report" ? [[o.snapshot.start - T0, o.snapshot.end - T0, o.snapshot.hits]] : [],
    );
    expect(spans).toEqual([[0, 10, 1]]);
  });

  it("cuts empty reports as time passes without lines", () => {
    const { m, tally, outputs } = monitor();
    m.record(rec(0), tally);
    m.record(rec(1), tally);
    for (let t = 2; t <= 31; t++) m.tick(T0 + t);
    const spans = outputs.flatMap((o) =>
      o.kind === "report" ? [[o.snapshot.start - T0, o.snapshot.end - T0, o.snapshot.hits]] : [],
    );
    expect(spans).toEqual([
      [0, 10, 2],
      [10, 20, 0],
      [20, 30, 0],
    ]);
  });

  it("does nothing before the first line and never moves time back", () => {
    const { m, tally, outputs } = monitor();
    m.tick(T0 + 100);
    expect(outputs).toEqual([]);
    m.record(rec(50), tally);
    m.record(rec(51), tally);
    m.tick(T0 + 40);
    m.record(rec(52), tally);
    expect(m.finish().totals.lines.late).toBe(0);
  });

  it("accepts a held line once the wall clock has caught up with it", () => {
    const { m, tally } = monitor();
    m.record(rec(0), tally);
    m.record(rec(1), tally);
    m.record(rec(30), tally);
    m.tick(T0 + 25);
    m.record(rec(2), tally);
    const totals = m.finish().totals;
    expect(totals.lines.skew).toBe(0);
    expect(totals.last).toBe(T0 + 30);
  });
});

describe("a flatline on a log that never had a line (live clock)", () => {
  it("log time runs by the wall clock before any line, and a flatline rule fires on it", async () => {
    const { createRule } = await import("../../src/alert/kinds.js");
    const { checkConfig } = await import("../../src/cli/config.js");
    const { Monitor } = await import("../../src/stats/monitor.js");
    const { values } = checkConfig(
      "t.yaml",
      "rules:\n  - { name: down, kind: rate, min: 0.5, window: 20s }\n",
    );
    const out: MonitorOutput[] = [];
    const m = new Monitor(
      { threshold: 10, windowS: 20, intervalS: 10, top: 5 },
      (o) => out.push(o),
      values.rules.map((r) => createRule(r)),
    );
    const clock = new ManualClock(T0 * 1000);
    const live = new LiveTime(clock);
    // Following a file that stays empty: no bytes, no line.
    expect(live.now(m.lastLineTime, 0)).toBeNull();
    for (let s = 1; s <= 30; s++) {
      clock.advance(1000);
      const now = live.now(m.lastLineTime, 0);
      expect(now).toBe(T0 + s);
      m.tick(now as number);
    }
    const alerts = out.flatMap((o) => (o.kind === "alert" ? [o.event] : []));
    // Judged from T0 + 1, the first second of log time; a full 20 s window has passed at T0 + 20.
    expect(alerts.map((a) => [a.kind, a.time - T0, a.hits])).toEqual([["alert", 20, 0]]);
    expect(m.live().logTime).toBe(T0 + 30);
  });

  it("without a flatline rule, no line means no log time, as before", () => {
    const m = newMonitor(() => undefined);
    m.tick(T0 + 100);
    expect(m.live().logTime).toBeNull();
  });
});
