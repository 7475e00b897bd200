import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../src/core/duration.js";

describe("durations", () => {
  it.each([
    ["10s", 10],
    ["2m", 120],
    ["1h", 3600],
    ["1d", 86400],
    ["1h30m", 5400],
    ["90", 90],
    [" 5m ", 300],
  ])("%j is %d seconds", (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(["", "m", "10x", "1.5m", "-5s", "2 m", "1h-1m"])("%j is not a duration", (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it.each([
    [0, "0s"],
    [45, "45s"],
    [120, "2m"],
    [150, "2m30s"],
    [3900, "1h5m"],
    [93600, "1d2h"],
  ])("%d seconds reads %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
