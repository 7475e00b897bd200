import { describe, expect, it } from "vitest";
import { LatencySketch } from "../../src/stats/latency.js";
import { classOf } from "../../src/stats/counts.js";
import { KeyTable } from "../../src/stats/keytable.js";

describe("LatencySketch", () => {
  it("gives p50/p95/p99 within 1 % of the exact values", () => {
    const sketch = new LatencySketch();
    const values: number[] = [];
    let seed = 11;
    for (let i = 0; i < 50_000; i++) {
      seed = (seed * 48271) % 2147483647;
      const v = Math.exp((seed / 2147483647) * 9);
      values.push(v);
      sketch.add(v);
    }
    values.sort((a, b) => a - b);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = values[Math.ceil(q * values.length) - 1] as number;
      expect(Math.abs(sketch.quantile(q) - exact) / exact).toBeLessThan(0.01);
    }
    expect(sketch.count).toBe(50_000);
  });

  it("stays small however many values it holds, ignores NaN and reports zeros", () => {
    const sketch = new LatencySketch();
    for (let i = 0; i < 200_000; i++) sketch.add((i % 1000) + 1);
    sketch.add(NaN);
    sketch.add(-1);
    expect(sketch.count).toBe(200_000);
    expect((sketch as unknown as { buckets: Map<number, number> }).buckets.size).toBeLessThan(400);
    const zeros = new LatencySketch();
    zeros.add(0);
    expect(zeros.summary()).toEqual({ count: 1, p50: 0, p95: 0, p99: 0 });
    expect(new LatencySketch().summary()).toBeNull();
  });

  it("gives each section its own percentiles", () => {
    const t = new KeyTable(10);
    for (let i = 1; i <= 100; i++) t.add("/slow", -1, classOf(200), 0, i * 10);
    t.add("/fast", -1, classOf(200), 0, 1);
    t.add("/none", -1, classOf(200), 0, NaN);
    const rows = t.top(3).hits;
    const slow = rows.find((r) => r.key === "/slow")?.latency;
    expect(slow?.count).toBe(100);
    expect(Math.abs((slow?.p50 ?? 0) - 500) / 500).toBeLessThan(0.01);
    expect(rows.find((r) => r.key === "/fast")?.latency).toEqual({
      count: 1,
      p50: 1,
      p95: 1,
      p99: 1,
    });
    expect(rows.find((r) => r.key === "/none")?.latency).toBeNull();
  });
});
