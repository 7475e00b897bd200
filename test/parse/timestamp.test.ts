import { describe, expect, it } from "vitest";
import { daysFromCivil, parseClfTime } from "../../src/parse/timestamp.js";

const at = (text: string) => parseClfTime(Buffer.from(text), 0);

describe("CLF timestamps", () => {
  it("agrees with Date.UTC across eras, leap days and month ends", () => {
    for (const [y, m, d] of [
      [1970, 1, 1],
      [1999, 12, 31],
      [2000, 2, 29],
      [2024, 2, 29],
      [2026, 11, 21],
      [2099, 12, 31],
      [1900, 3, 1],
    ] as const) {
      expect(daysFromCivil(y, m, d) * 86400).toBe(Date.UTC(y, m - 1, d) / 1000);
    }
  });

  it("reads every month name", () => {
    for (let i = 0; i < 12; i++) {
      const name = new Date(Date.UTC(2026, i, 1)).toUTCString().slice(8, 11);
      expect(at(`[01/${name}/2026:00:00:00 +0000]`)).toBe(Date.UTC(2026, i, 1) / 1000);
    }
  });

  it("rejects impossible dates and malformed offsets", () => {
    for (const bad of [
      "[31/Apr/2026:00:00:00 +0000]",
      "[00/Jan/2026:00:00:00 +0000]",
      "[01/jan/2026:00:00:00 +0000]",
      "[01/Jan/2026:00:60:00 +0000]",
      "[01/Jan/2026:00:00:00 +0060]",
      "[01/Jan/2026:00:00:00 *0000]",
      "[01/Jan/20x6:00:00:00 +0000]",
      "[01/Jan/2026:00:00:00 +0000)",
    ]) {
      expect(at(bad), bad).toBeNaN();
    }
  });

  it("decodes date and zone again whenever they differ from the line before", () => {
    const cases: [string, number][] = [
      ["[21/Nov/2026:10:00:00 +0000]", Date.UTC(2026, 10, 21, 10) / 1000],
      ["[21/Nov/2026:10:00:01 +0000]", Date.UTC(2026, 10, 21, 10, 0, 1) / 1000],
      ["[21/Nov/2026:10:00:01 +0130]", Date.UTC(2026, 10, 21, 8, 30, 1) / 1000],
      ["[22/Nov/2026:10:00:01 +0130]", Date.UTC(2026, 10, 22, 8, 30, 1) / 1000],
      ["[22/Dec/2026:10:00:01 +0130]", Date.UTC(2026, 11, 22, 8, 30, 1) / 1000],
      ["[22/Dec/2027:10:00:01 -0130]", Date.UTC(2027, 11, 22, 11, 30, 1) / 1000],
      ["[31/Feb/2027:10:00:01 -0130]", NaN],
      ["[22/Dec/2027:10:00:01 -0130]", Date.UTC(2027, 11, 22, 11, 30, 1) / 1000],
      ["[22/Dec/2027:24:00:01 -0130]", NaN],
    ];
    for (const [text, expected] of cases) expect(at(text), text).toBe(expected);
  });
});
