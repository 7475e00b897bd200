import { describe, expect, it } from "vitest";
import { parseDuration } from "../../src/core/duration.js";
import { ProfileError, stepsFromRates, stepsFromScenario } from "../../src/generate/profile.js";

describe("traffic profiles", () => {
  it("pairs --rates with --durations", () => {
    expect(stepsFromRates([9, 11, 8], [150, 150, 150])).toEqual([
      { rate: 9, duration: 150 },
      { rate: 11, duration: 150 },
      { rate: 8, duration: 150 },
    ]);
    expect(() => stepsFromRates([9, 11], [150])).toThrow(
      "--rates has 2 values but --durations has 1",
    );
  });

  it("reads scenario steps with durations, error shares and hot sections", () => {
    const steps = stepsFromScenario(
      {
        steps: [
          { rate: 6, duration: "1m" },
          { rate: 25, duration: 150, error_share: 0.15, hot_section: "/checkout" },
        ],
      },
      parseDuration,
    );
    expect(steps).toEqual([
      { rate: 6, duration: 60 },
      { rate: 25, duration: 150, errorShare: 0.15, hotSection: "/checkout" },
    ]);
  });

  it.each([
    [{}, 'a scenario needs a non-empty "steps" list'],
    [{ steps: [] }, 'a scenario needs a non-empty "steps" list'],
    [{ steps: [1] }, "step 1: not an object"],
    [{ steps: [{ rate: 5, duration: "soon" }] }, "step 1: duration must be seconds"],
    [{ steps: [{ rate: -1, duration: 10 }] }, "step 1: rate must be 0 or more"],
    [{ steps: [{ rate: 1, duration: 0 }] }, "step 1: duration must be a whole number"],
    [
      { steps: [{ rate: 1, duration: 5, error_share: 2 }] },
      "step 1: error share must be between 0 and 1",
    ],
    [
      { steps: [{ rate: 1, duration: 5, hot_section: "checkout" }] },
      "step 1: hot section must start with /",
    ],
  ])("rejects %j", (json, message) => {
    expect(() => stepsFromScenario(json, parseDuration)).toThrow(ProfileError);
    expect(() => stepsFromScenario(json, parseDuration)).toThrow(message);
  });
});
