import { isoTime } from "../../core/time.js";

/** What the requests chart shows, and the cells it has (inside its border). */
export interface ChartInput {
  /** Requests per second, oldest first; the last is the second `end`. */
  series: number[];
  threshold: number;
  /** Log time of the last second (or step), or null before any. */
  end: number | null;
  /** Seconds per value of `series` (1: requests per second; 60 for the whole run's minutes). */
  stepS?: number;
  width: number;
  height: number;
}

/** The chart as text: `height` lines of `width` cells. */
export interface ChartText {
  lines: string[];
  /** Seconds each column averages (1 when the panel is wide enough for every second). */
  secondsPerColumn: number;
}

/** Bar tops in eighths of a cell, lowest first. */
const EIGHTHS = "▁▂▃▄▅▆▇█";
/** The threshold where no bar covers it. */
export const THRESHOLD_CHAR = "─";

/** The smallest 1, 2, 2.5 or 5 × 10^n at or above `x`. */
function niceCeil(x: number): number {
  if (x <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= x * (1 - 1e-9)) return m * power;
  return 10 * power;
}

/** An axis value in at most 5 cells: 0, 2.5, 40, 1.5k, 2M. */
function axisLabel(v: number): string {
  const short = (n: number) => String(Math.round(n * 10) / 10);
  if (v >= 1e6) return `${short(v / 1e6)}M`;
  if (v >= 1e3) return `${short(v / 1e3)}k`;
  return short(v);
}

/** Means of `g` consecutive seconds, aligned on the newest (the oldest group may be partial). */
function columns(series: number[], g: number): number[] {
  const out: number[] = [];
  for (let hi = series.length; hi > 0; hi -= g) {
    const lo = Math.max(0, hi - g);
    let sum = 0;
    for (let i = lo; i < hi; i++) sum += series[i] as number;
    out.push(sum / (hi - lo));
  }
  return out.reverse();
}

/** The cell of a bar `eighths` high in the row whose bottom is at `base` eighths. */
function barCell(eighths: number, base: number): string {
  const fill = Math.min(8, eighths - base);
  return fill <= 0 ? " " : (EIGHTHS[fill - 1] as string);
}

/**
 * Requests per second as bars with eighth-cell tops, a y axis labelled at evenly spaced rows
 * with round values (0, 5, 10, 15), the threshold as a line where no bar covers it, and the
 * first and last times under it. Pure and sized by its input: drawing after a resize is the
 * same as drawing at that size from the start.
 */
export function chartText(c: ChartInput): ChartText {
  const withTimes = c.height >= 3;
  const rows = c.height - (withTimes ? 1 : 0);
  if (rows < 1 || c.width < 10) return { lines: [], secondsPerColumn: 1 };
  const peak = Math.max(1, c.threshold, ...c.series) * 1.1;
  const every = Math.max(1, Math.round(rows / 4));
  const step = niceCeil((peak * every) / rows);
  const top = (step * rows) / every;
  const labels = new Map<number, string>();
  // Rows counted from the bottom: every `every` rows up, one more step (the 0 is under the axis).
  for (let k = 1; rows - k * every >= 0; k++) labels.set(rows - k * every, axisLabel(k * step));
  const labelWidth = Math.max(1, ...[...labels.values()].map((l) => l.length));
  const plot = c.width - labelWidth - 1;
  const g = Math.max(1, Math.ceil(c.series.length / Math.max(1, plot)));
  // A short window is drawn wide: each second gets as many columns as fit.
  const span = g === 1 ? Math.max(1, Math.floor(plot / Math.max(1, c.series.length))) : 1;
  const values = columns(c.series, g).flatMap((v) => Array<number>(span).fill(v));
  const pad = plot - values.length;
  const heights = values.map((v) => {
    const e = Math.round((v / top) * rows * 8);
    return v > 0 ? Math.max(1, e) : 0;
  });
  // A row's label is the value at its top edge: the threshold is drawn in the row it tops.
  // A threshold of 0 (the whole run's chart has none) is not drawn.
  const thresholdRow =
    c.threshold > 0 ? rows - Math.max(1, Math.ceil((c.threshold / top) * rows - 1e-9)) : -1;
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const label = labels.get(r);
    let line =
      label === undefined ? `${" ".repeat(labelWidth)}│` : `${label.padStart(labelWidth)}┤`;
    const base = (rows - 1 - r) * 8;
    const empty = r === thresholdRow ? THRESHOLD_CHAR : " ";
    line += empty.repeat(Math.max(0, pad));
    for (const h of heights) {
      const cell = barCell(h, base);
      line += cell === " " ? empty : cell;
    }
    lines.push(line);
  }
  if (withTimes) lines.push(timeRow(c, labelWidth, plot, pad));
  return { lines, secondsPerColumn: g };
}

/** "0└" under the axis, then the first second's time under the oldest bar and the last's at the right. */
function timeRow(c: ChartInput, labelWidth: number, plot: number, pad: number): string {
  const lead = `${"0".padStart(labelWidth)}└`;
  let row = " ".repeat(plot);
  if (c.end !== null && c.series.length > 0) {
    const step = c.stepS ?? 1;
    const span = c.series.length * step;
    // Seconds within a day; beyond it the date too; a chart of days shows dates only.
    const time = (t: number) =>
      step >= 86_400
        ? isoTime(t).slice(0, 10)
        : span > 86_400
          ? isoTime(t).slice(5, 16).replace("T", " ")
          : isoTime(t).slice(11, 19);
    const last = time(c.end);
    const first = time(c.end - (c.series.length - 1) * step);
    if (plot >= last.length) row = row.slice(0, plot - last.length) + last;
    const start = Math.max(0, pad);
    // One bar (a run of a single minute, drawn wide) has one time: at the right only.
    if (c.series.length > 1 && plot >= start + first.length + last.length + 2) {
      row = row.slice(0, start) + first + row.slice(start + first.length);
    }
  }
  return lead + row;
}
