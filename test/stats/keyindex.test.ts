import { describe, expect, it } from "vitest";
import { KeyIndex, hashKey } from "../../src/stats/keyindex.js";

/** A small deterministic generator (xorshift), so a failure can be replayed. */
function random(seed: number) {
  let x = seed;
  return (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

describe("KeyIndex", () => {
  it("agrees with a Map through adds, deletes and clears, past several growths", () => {
    const next = random(12345);
    const index = new KeyIndex<number>();
    const map = new Map<string, number>();
    for (let step = 0; step < 200_000; step++) {
      // Few distinct keys, so that probe runs grow long and deletes move keys back.
      const key = `/k${next(3000)}`;
      const op = next(100);
      if (op < 55) {
        if (!map.has(key)) {
          map.set(key, step);
          index.add(key, hashKey(key), step);
        }
      } else if (op < 95) {
        if (map.has(key)) {
          map.delete(key);
          index.delete(key, hashKey(key));
        }
      } else if (op === 99 && next(50) === 0) {
        map.clear();
        index.clear();
      }
      expect(index.get(key, hashKey(key))).toBe(map.get(key));
      if (step % 20_000 === 0) {
        expect(index.size).toBe(map.size);
        for (const [k, v] of map) expect(index.get(k, hashKey(k))).toBe(v);
      }
    }
    expect(index.size).toBe(map.size);
    for (const [k, v] of map) expect(index.get(k, hashKey(k))).toBe(v);
  });

  it("finds nothing after a clear, and is reused after it", () => {
    const index = new KeyIndex<string>();
    for (let i = 0; i < 1000; i++) index.add(`k${i}`, hashKey(`k${i}`), `v${i}`);
    index.clear();
    expect(index.size).toBe(0);
    expect(index.get("k1", hashKey("k1"))).toBeUndefined();
    index.add("k1", hashKey("k1"), "again");
    expect(index.get("k1", hashKey("k1"))).toBe("again");
    expect(index.get("k2", hashKey("k2"))).toBeUndefined();
  });
});
