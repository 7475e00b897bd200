import { describe, expect, it } from "vitest";
import { millis, percent } from "../../src/output/format.js";

describe("figures for people", () => {
  it("never shows a partial share as 100.0% or a non-zero one as 0.0%", () => {
    expect(percent(9999, 10000)).toBe("99.9%");
    expect(percent(99_999, 100_000)).toBe("99.9%");
    expect(percent(10000, 10000)).toBe("100.0%");
    expect(percent(1, 100_000)).toBe("<0.1%");
    expect(percent(0, 100)).toBe("0.0%");
    expect(percent(1, 8)).toBe("12.5%");
  });

  it("writes milliseconds with one rule: a decimal under 10 ms, whole from there", () => {
    expect(millis(2.44)).toBe("2.4 ms");
    expect(millis(9.96)).toBe("10 ms");
    expect(millis(974)).toBe("974 ms");
    expect(millis(1872.2)).toBe("1,872 ms");
  });
});
