import { describe, expect, it } from "vitest";
import { chartText } from "../../../src/output/dashboard/chart.js";

const END = Date.UTC(2026, 10, 21, 8, 2, 0) / 1000;

/** The y labels of a chart, top to bottom, with the rows they sit on. */
function labels(lines: string[]): { row: number; value: number }[] {
  return lines.flatMap((line, row) => {
    const m = /^ *([\d.]+)(k?)┤/.exec(line);
    return m === null ? [] : [{ row, value: Number(m[1]) * (m[2] === "k" ? 1000 : 1) }];
  });
}

describe("the requests chart", () => {
  it("labels the y axis at evenly spaced rows with round, evenly stepped values", () => {
    for (const [height, peak] of [
      [14, 23],
      [8, 7],
      [20, 1234],
      [5, 3],
      [11, 61],
    ] as const) {
      const c = chartText({ series: [peak, 1, 2], threshold: 10, end: END, width: 60, height });
      const found = labels(c.lines);
      expect(found.length).toBeGreaterThanOrEqual(1);
      const rows = found.map((l) => l.row);
      const values = found.map((l) => l.value);
      const rowGaps = new Set(rows.slice(1).map((r, i) => r - (rows[i] as number)));
      const valueGaps = new Set(values.slice(1).map((v, i) => (values[i] as number) - v));
      expect(rowGaps.size).toBeLessThanOrEqual(1);
      expect(valueGaps.size).toBeLessThanOrEqual(1);
      // 1, 2, 2.5 or 5 times a power of ten.
      const step = values.at(-1) as number;
      const mantissa = step / 10 ** Math.floor(Math.log10(step));
      expect([1, 2, 2.5, 5]).toContain(Math.round(mantissa * 10) / 10);
    }
  });

  it("draws a bar as high as its value: full cells up to the row labelled with it", () => {
    // height 11: 10 rows of bars and the times; the 3 seconds share the 37 columns, 12 each.
    const c = chartText({ series: [0, 10, 5], threshold: 1, end: END, width: 40, height: 11 });
    const found = labels(c.lines);
    expect(found.map((l) => l.value)).toEqual([15, 10, 5]);
    const rowOf = (v: number) => (found.find((l) => l.value === v) as { row: number }).row;
    const last = (c.lines[0] as string).length - 1;
    const cell = (row: number, col: number) => (c.lines[row] as string)[col];
    for (const [value, col] of [
      [5, last],
      [10, last - 12],
    ] as const) {
      expect(cell(rowOf(value), col)).toBe("█");
      expect(cell(9, col)).toBe("█");
      expect(cell(rowOf(value) - 1, col)).toBe(" ");
    }
    expect(cell(9, last - 24)).not.toBe("█");
    expect(c.lines[10]).toMatch(/^ *0└ +08:01:58 +08:02:00$/);
    // One bar, drawn across the panel, has its one time once.
    const one = chartText({ series: [7], threshold: 0, end: END, width: 40, height: 11 });
    expect(one.lines[10]).toMatch(/^ *0└ +08:02:00$/);
  });

  it("draws the threshold where no bar covers it, in the row it tops", () => {
    const c = chartText({ series: [1, 1, 30], threshold: 10, end: END, width: 40, height: 9 });
    const found = labels(c.lines);
    const row = c.lines.findIndex((l) => l.includes("─"));
    const label = found.find((l) => l.value === 10);
    if (label !== undefined) expect(row).toBe(label.row);
    expect((c.lines[row] as string).endsWith("█")).toBe(true);
  });

  it("averages seconds into a column when the panel is narrower than the window, and says so", () => {
    const series = Array.from({ length: 120 }, (_, i) => (i % 2 === 0 ? 0 : 8));
    const c = chartText({ series, threshold: 100, end: END, width: 40, height: 8 });
    expect(c.secondsPerColumn).toBe(4);
    const bars = (c.lines[6] as string).slice(-30);
    expect(new Set(bars)).toEqual(new Set([(c.lines[6] as string).at(-1)]));
  });

  it("fills exactly its cells at every size, so a resize draws what a start at that size draws", () => {
    const series = Array.from({ length: 120 }, (_, i) => (i * 7) % 13);
    for (let width = 10; width <= 120; width += 7) {
      for (let height = 1; height <= 30; height += 3) {
        const c = chartText({ series, threshold: 10, end: END, width, height });
        expect(c.lines).toHaveLength(height);
        for (const line of c.lines) expect(line).toHaveLength(width);
        expect(chartText({ series, threshold: 10, end: END, width, height })).toEqual(c);
      }
    }
  });
});
