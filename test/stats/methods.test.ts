import { describe, expect, it } from "vitest";
import { MethodCounts } from "../../src/stats/methods.js";

describe("MethodCounts", () => {
  it("ranks methods by hits then name, and counts past its capacity as (other)", () => {
    const m = new MethodCounts(2);
    for (const [name, hint] of [
      ["GET", 1],
      ["POST", 2],
      ["GET", 1],
      ["PUT", 3],
      ["BREW", 1],
      ["POST", 2],
      ["GET", 1],
    ] as const) {
      m.add(name, hint);
    }
    expect([...m.ranked()]).toEqual([
      ["GET", 3],
      ["(other)", 2],
      ["POST", 2],
    ]);
    m.clear();
    m.add("HEAD", -1);
    expect([...m.ranked()]).toEqual([["HEAD", 1]]);
  });
});
