import { describe, expect, it } from "vitest";
import { classOf } from "../../src/stats/counts.js";
import { KeyTable, OTHER_KEY } from "../../src/stats/keytable.js";

describe("KeyTable", () => {
  it("returns the top rows by hits, ties by key, and the hits of the rest", () => {
    const t = new KeyTable(100);
    const counts: Record<string, number> = { "/a": 5, "/b": 9, "/c": 5, "/d": 1, "/e": 7, "/f": 5 };
    for (const [key, n] of Object.entries(counts))
      for (let i = 0; i < n; i++) t.add(key, classOf(200), 1, NaN);
    const { hits: rows, otherHits } = t.top(4);
    expect(rows.map((r) => [r.key, r.hits])).toEqual([
      ["/b", 9],
      ["/e", 7],
      ["/a", 5],
      ["/c", 5],
    ]);
    expect(otherHits).toBe(6);
  });

  it("agrees with a full sort on many random keys", () => {
    const t = new KeyTable(10_000);
    const hits = new Map<string, number>();
    let seed = 3;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 48271) % 2147483647;
      const key = `/k${seed % 700}`;
      t.add(key, classOf(200), 0, NaN);
      hits.set(key, (hits.get(key) ?? 0) + 1);
    }
    const sorted = [...hits].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    expect(t.top(10).hits.map((r) => [r.key, r.hits])).toEqual(sorted.slice(0, 10));
  });

  it("counts keys beyond its capacity in one other row, exactly, and never lists it as a key", () => {
    const t = new KeyTable(2);
    for (const key of ["/a", "/a", "/b", "/c", "/d", "/a"]) t.add(key, classOf(503), 10, NaN);
    const { hits: rows, otherHits } = t.top(10);
    expect(rows.map((r) => r.key)).toEqual(["/a", "/b"]);
    expect(rows[0]).toEqual({
      key: "/a",
      hits: 3,
      classes: [0, 0, 0, 0, 3],
      bytes: 30,
      latency: null,
    });
    expect(otherHits).toBe(2);
    expect(rows.some((r) => r.key === OTHER_KEY)).toBe(false);
  });

  it("starts empty after clear", () => {
    const t = new KeyTable(1);
    t.add("/a", classOf(200), 1, NaN);
    t.add("/b", classOf(200), 1, NaN);
    t.clear();
    expect(t.top(5)).toEqual({ hits: [], errors: [], bytes: [], otherHits: 0 });
  });

  it("ranks by errors and by bytes in the same pass, ties by hits then key", () => {
    const t = new KeyTable(100);
    const add = (key: string, status: number, bytes: number) =>
      t.add(key, classOf(status), bytes, NaN);
    add("/a", 500, 10);
    add("/a", 200, 10);
    add("/b", 404, 1000);
    add("/c", 200, 5000);
    add("/d", 503, 1);
    const top = t.top(2);
    expect(top.errors.map((r) => r.key)).toEqual(["/a", "/b"]);
    expect(top.bytes.map((r) => r.key)).toEqual(["/c", "/b"]);
    expect(top.hits.map((r) => r.key)).toEqual(["/a", "/b"]);
    expect(top.otherHits).toBe(2);
  });
});
