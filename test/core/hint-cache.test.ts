import { describe, expect, it } from "vitest";
import { HintCache } from "../../src/core/hint-cache.js";

describe("HintCache", () => {
  it("finds a key by its hint, never another key sharing the slot, and nothing without a hint", () => {
    const cache = new HintCache<number>(4);
    cache.set("a", 1, 10);
    expect(cache.get("a", 1)).toBe(10);
    expect(cache.get("a", 5)).toBe(10); // same slot (5 & 3 = 1): the key is what matches
    expect(cache.get("b", 1)).toBeUndefined();
    cache.set("b", 5, 20);
    expect(cache.get("a", 1)).toBeUndefined();
    expect(cache.get("b", 1)).toBe(20);
    cache.set("c", -1, 30);
    expect(cache.get("c", -1)).toBeUndefined();
    cache.clear();
    expect(cache.get("b", 1)).toBeUndefined();
  });
});
