import { describe, expect, it } from "vitest";
import { RateMeter } from "../../../src/output/dashboard/rate.js";

describe("RateMeter", () => {
  it("averages a bursty writer (40 lines at the start of each second) over its span", () => {
    const meter = new RateMeter(3000);
    let rate = 0;
    for (let ms = 0; ms <= 10_000; ms += 200) {
      rate = meter.sample(ms, 40 * (Math.floor(ms / 1000) + 1));
    }
    expect(rate).toBeGreaterThan(35);
    expect(rate).toBeLessThan(45);
  });

  it("is 0 with one sample or no growth, and drops to 0 once input stops for the span", () => {
    const meter = new RateMeter(1000);
    expect(meter.sample(0, 100)).toBe(0);
    expect(meter.sample(500, 150)).toBe(100);
    for (let ms = 600; ms <= 3000; ms += 200) meter.sample(ms, 150);
    expect(meter.sample(3200, 150)).toBe(0);
  });
});
