import { formatDuration } from "../../core/duration.js";
import type { RunLine, RunRow } from "../../core/run.js";
import { count, percent } from "../format.js";
import { chartText } from "./chart.js";
import { BORDER, type Rect } from "./layout.js";
import type { DashboardInput, DashboardModel, TableModel } from "./model.js";
import { COLUMN_SPACING, fit, panelLabel as label, tableLine } from "./tables.js";

/** A whole-run list as a table: the key, its hits ("≥" a lower bound) and share of the run. */
export function runTable(title: string, rows: RunRow[], total: number, width: number): TableModel {
  const inner = width - BORDER;
  const nameWidth = Math.max(4, inner - 9 - 8 - 2 * COLUMN_SPACING);
  const line = (name: string, hits: string, share: string) =>
    tableLine(name, nameWidth, [hits, share], [8, 8]).slice(0, inner);
  return {
    label: ` ${title} · whole run `,
    header: line("", "hits", "share"),
    rows: rows.map((r) =>
      line(
        r.key,
        r.hits_error === undefined ? count(r.hits) : `≥${count(r.hits)}`,
        percent(r.hits, total),
      ),
    ),
  };
}

/** The run's requests over its log time, a bar per minute (or hour, or day) fitting the panel. */
export function runChart(input: DashboardInput, run: RunLine, rect: Rect): DashboardModel["chart"] {
  const t = run.timeline;
  const text = chartText({
    series: t.hits,
    // No threshold is drawn: the alert is judged per second over the window, not per step.
    threshold: 0,
    end: t.hits.length === 0 ? null : t.start + (t.hits.length - 1) * t.step_s,
    stepS: t.step_s,
    width: rect.width - BORDER,
    height: rect.height - BORDER,
  });
  const per = formatDuration(t.step_s * text.secondsPerColumn);
  const color = input.ui.color ? "cyan" : null;
  return {
    rect,
    label: label(
      `Requests per ${formatDuration(t.step_s)} · whole run · ${per} per bar · v: live`,
      rect,
    ),
    lines: text.lines,
    highlight: null,
    border: color,
    bar: color,
    threshold: null,
  };
}

/** Status codes, browsers, crawlers and visitors of the whole run, one line each. */
export function runStatus(
  input: DashboardInput,
  run: RunLine,
  total: number,
  rect: Rect,
): DashboardModel["status"] {
  const width = rect.width - BORDER;
  const list = (rows: RunRow[]) =>
    rows
      .slice(0, 4)
      .map((r) => `${r.key} ${percent(r.hits, total)}`)
      .join(" · ");
  const codes = Object.entries(run.status)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([code, n]) => `${code} ${count(n)}`)
    .join(" · ");
  const visitors = run.days.reduce((s, d) => s + d.visitors, 0);
  const lines = [
    `requests ${count(total)} · visitors ${count(visitors)} (±${(run.visitors_error * 300).toFixed(1)} %)`,
    codes,
    `browsers ${list(run.browsers)}`,
    `systems  ${list(run.systems)}`,
    `crawlers ${list(run.crawlers)}`,
    `referrer ${list(run.referrers)}`,
  ].map((l) => fit(l, width));
  return {
    rect,
    label: label("Whole run", rect),
    lines: lines.slice(0, Math.max(0, rect.height - BORDER)),
    highlight: null,
    border: input.ui.color ? "cyan" : null,
  };
}
