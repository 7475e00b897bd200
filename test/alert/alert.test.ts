import { describe, expect, it } from "vitest";
import { AlertMachine } from "../../src/alert/alert.js";

describe("AlertMachine", () => {
  const config = { threshold: 10, windowS: 120 };

  it("does not fire at exactly the threshold, fires just above it", () => {
    const m = new AlertMachine(config);
    expect(m.evaluate(100, 1199)).toBeNull();
    expect(m.evaluate(101, 1200)).toBeNull();
    expect(m.evaluate(102, 1201)).toEqual({
      kind: "alert",
      time: 102,
      hits: 1201,
      rate: 1201 / 120,
      threshold: 10,
      windowS: 120,
    });
    expect(m.firing).toBe(true);
    expect(m.firingSince).toBe(102);
  });

  it("does not repeat while firing and recovers at or below the threshold", () => {
    const m = new AlertMachine(config);
    m.evaluate(0, 5000);
    expect(m.evaluate(1, 6000)).toBeNull();
    expect(m.evaluate(2, 1201)).toBeNull();
    expect(m.evaluate(3, 1200)).toEqual({
      kind: "recover",
      time: 3,
      hits: 1200,
      rate: 10,
      threshold: 10,
      windowS: 120,
      since: 0,
    });
    expect(m.firing).toBe(false);
    expect(m.evaluate(4, 0)).toBeNull();
    expect(m.evaluate(5, 1201)?.kind).toBe("alert");
  });

  it("compares fractional thresholds exactly", () => {
    const m = new AlertMachine({ threshold: 0.1, windowS: 120 });
    expect(m.evaluate(0, 12)).toBeNull();
    expect(m.evaluate(1, 13)?.kind).toBe("alert");
  });

  it("fires on any hit with a threshold of 0", () => {
    const m = new AlertMachine({ threshold: 0, windowS: 60 });
    expect(m.evaluate(0, 0)).toBeNull();
    expect(m.evaluate(1, 1)?.kind).toBe("alert");
    expect(m.evaluate(2, 0)?.kind).toBe("recover");
  });
});
