import { describe, expect, it } from "vitest";
import { classOf } from "../../src/stats/counts.js";
import { hashKey } from "../../src/stats/keyindex.js";
import { KeyTable, MAX_KEY_CHARS, OTHER_KEY } from "../../src/stats/keytable.js";

describe("KeyTable", () => {
  it("returns the top rows by hits, ties by key, and the hits of the rest", () => {
    const t = new KeyTable(100);
    const counts: Record<string, number> = { "/a": 5, "/b": 9, "/c": 5, "/d": 1, "/e": 7, "/f": 5 };
    for (const [key, n] of Object.entries(counts))
      for (let i = 0; i < n; i++) t.add(key, -1, classOf(200), 1, NaN);
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
      t.add(key, -1, classOf(200), 0, NaN);
      hits.set(key, (hits.get(key) ?? 0) + 1);
    }
    const sorted = [...hits].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    expect(t.top(10).hits.map((r) => [r.key, r.hits])).toEqual(sorted.slice(0, 10));
  });

  it("past its capacity, takes over the smallest row: its counts go to other, the newcomer carries the error", () => {
    const t = new KeyTable(2);
    for (const key of ["/a", "/a", "/b", "/c", "/d", "/a"]) t.add(key, -1, classOf(503), 10, NaN);
    const { hits: rows, otherHits } = t.top(10);
    expect(rows.map((r) => [r.key, r.hits, r.error])).toEqual([
      ["/a", 3, 0],
      ["/d", 1, 2],
    ]);
    expect(rows[0]).toEqual({
      key: "/a",
      hits: 3,
      classes: [0, 0, 0, 0, 3],
      bytes: 30,
      latency: null,
      error: 0,
    });
    expect(otherHits).toBe(2);
    expect(rows.some((r) => r.key === OTHER_KEY)).toBe(false);
  });

  it.each([
    ["", false],
    [" (filtered)", true],
  ])(
    "keeps every heavy key of a high-cardinality stream, within its documented error%s",
    (_, filtered) => {
      const capacity = 100;
      const t = new KeyTable(capacity, filtered);
      const truth = new Map<string, number>();
      let seed = 7;
      let n = 0;
      const add = (key: string) => {
        t.add(key, -1, classOf(200), 1, NaN);
        truth.set(key, (truth.get(key) ?? 0) + 1);
        n++;
      };
      for (let i = 0; i < 50_000; i++) {
        seed = (seed * 48271) % 2147483647;
        add(`/rare${seed % 20_000}`);
        if (i % 3 === 0) add(`/once${i}`);
        if (i % 10 === 0) add(`/heavy${i % 3}`);
        if (i > 40_000 && i % 5 === 0) add("/late");
      }
      const bound = n / capacity;
      const top = t.top(capacity);
      const listed = new Map(top.hits.map((r) => [r.key, r]));
      for (const [key, count] of truth) {
        if (count > bound) expect(listed.has(key), key).toBe(true);
        const row = listed.get(key);
        if (row === undefined) continue;
        expect(row.hits).toBeLessThanOrEqual(count);
        expect(row.hits + row.error).toBeGreaterThanOrEqual(count);
        expect(row.error).toBeLessThanOrEqual(bound);
      }
      expect(
        top.hits
          .slice(0, 4)
          .map((r) => r.key)
          .sort(),
      ).toEqual(["/heavy0", "/heavy1", "/heavy2", "/late"]);
      expect(top.hits.reduce((sum, r) => sum + r.hits, 0) + top.otherHits).toBe(n);
    },
  );

  it("finds rows by hints, and a hint that points at another key never miscounts", () => {
    const t = new KeyTable(10);
    for (let i = 0; i < 30; i++) t.add(i % 3 === 0 ? "/a" : "/b", 5, classOf(200), 1, NaN);
    t.add("/c", 5, classOf(404), 1, NaN);
    expect(t.top(5).hits.map((r) => [r.key, r.hits])).toEqual([
      ["/b", 20],
      ["/a", 10],
      ["/c", 1],
    ]);
    t.clear();
    t.add("/c", 5, classOf(200), 1, NaN);
    expect(t.top(5).hits.map((r) => [r.key, r.hits])).toEqual([["/c", 1]]);
  });

  it("starts empty after clear", () => {
    const t = new KeyTable(1);
    t.add("/a", -1, classOf(200), 1, NaN);
    t.add("/b", -1, classOf(200), 1, NaN);
    t.clear();
    expect(t.top(5)).toEqual({ hits: [], errors: [], bytes: [], otherHits: 0 });
  });

  it("ranks by errors and by bytes in the same pass, ties by hits then key", () => {
    const t = new KeyTable(100);
    const add = (key: string, status: number, bytes: number) =>
      t.add(key, -1, classOf(status), bytes, NaN);
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

  it("cuts keys longer than MAX_KEY_CHARS and counts those that start the same together", () => {
    const t = new KeyTable(10);
    const long = "/".padEnd(MAX_KEY_CHARS + 50, "a");
    t.add(`${long}1`, 7, classOf(200), 1, NaN);
    t.add(`${long}2`, 7, classOf(200), 1, NaN);
    t.add("/short", 7, classOf(200), 1, NaN);
    const rows = t.top(5).hits;
    expect(rows.map((r) => [r.key.length, r.hits])).toEqual([
      [MAX_KEY_CHARS, 2],
      [6, 1],
    ]);
    expect(rows[0]?.key.endsWith("a…")).toBe(true);
  });

  it("counts keys given as bytes, as strings with their hash, or as strings alone, in the same rows", () => {
    for (const filtered of [false, true]) {
      const byBytes = new KeyTable(50, filtered);
      const byString = new KeyTable(50, filtered);
      const b = Buffer.from(`  ${"/".padEnd(MAX_KEY_CHARS + 5, "z")} `);
      let seed = 11;
      for (let i = 0; i < 5000; i++) {
        seed = (seed * 48271) % 2147483647;
        const key = i % 7 === 0 ? `/hot${i % 3}` : `/k${seed % 400}`;
        const kb = Buffer.from(`xx${key}yy`);
        const h = hashKey(key) & 0x7fffffff;
        if (i % 2 === 0) byBytes.countBytes(kb, 2, kb.length - 2, h);
        else byBytes.count(key, i % 3 === 0 ? h : -1);
        byString.add(key, -1, classOf(200), 0, NaN);
      }
      byBytes.countBytes(b, 2, b.length - 1, 0);
      byString.add(b.toString("latin1", 2, b.length - 1), -1, classOf(200), 0, NaN);
      const rows = (t: KeyTable) =>
        t.top(50, false).hits.map((r) => [r.key, r.hits + r.error, r.hits <= r.hits + r.error]);
      if (!filtered) expect(rows(byBytes)).toEqual(rows(byString));
      const top = byBytes.top(3, false);
      expect(top.hits.map((r) => r.key).sort()).toEqual(["/hot0", "/hot1", "/hot2"]);
      expect(
        byBytes.top(50, false).hits.reduce((n, r) => n + r.hits, 0) +
          byBytes.top(50, false).otherHits,
      ).toBe(5001);
    }
  });
});
