import { formatDuration } from "../../core/duration.js";
import type { AlertLine } from "../../core/event.js";
import { escapeForCells } from "../escape.js";
import { count, percent } from "../format.js";
import { chartText } from "./chart.js";
import { banner, header } from "./header.js";
import { BORDER, layoutFor, MIN_HEIGHT, MIN_WIDTH, type Rect } from "./layout.js";
import type { Color, DashboardInput, DashboardModel, Focus, PanelModel } from "./model.js";
import { shownRows } from "./scroll.js";
import { runChart, runStatus, runTable } from "./run-view.js";
import { fit, hostsTable, panelLabel as label, sectionsTable } from "./tables.js";

function paint(input: DashboardInput, color: string): Color {
  return input.ui.color ? color : null;
}

/** Splits `text` into lines of at most `width` cells (at least 1), at spaces where it can. */
export function wrap(text: string, maxWidth: number): string[] {
  const width = Math.max(1, maxWidth);
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const candidate = line === "" ? word : `${line} ${word}`;
    if (candidate.length <= width) {
      line = candidate;
      continue;
    }
    if (line !== "") out.push(line);
    line = word;
    while (line.length > width) {
      out.push(line.slice(0, width));
      line = line.slice(width);
    }
  }
  out.push(line);
  return out;
}

function chart(input: DashboardInput, rect: Rect): DashboardModel["chart"] {
  const { live } = input;
  const firing = live.firingSince !== null;
  const text = chartText({
    series: live.series,
    threshold: live.threshold,
    end: live.logTime,
    width: rect.width - BORDER,
    height: rect.height - BORDER,
  });
  const per = text.secondsPerColumn > 1 ? ` · ${text.secondsPerColumn}s per bar` : "";
  return {
    rect,
    label: label(
      `Requests/s · last ${formatDuration(live.windowS)}${per} · threshold ${live.threshold}`,
      rect,
    ),
    lines: text.lines,
    highlight: null,
    border: paint(input, firing ? "red" : "cyan"),
    bar: paint(input, firing ? "red" : "cyan"),
    threshold: paint(input, "yellow"),
  };
}

/** Status classes as horizontal bars (visible with or without colour), then codes and methods. */
function status(input: DashboardInput, rect: Rect): DashboardModel["status"] {
  const r = input.report;
  const width = rect.width - BORDER;
  const c = r?.status_class;
  const classes = c === undefined ? [0, 0, 0, 0] : [c["2xx"], c["3xx"], c["4xx"], c["5xx"]];
  const total = r?.hits ?? 0;
  const withCount = width - 4 - 14 >= 3;
  const barWidth = Math.max(1, width - 4 - 7 - (withCount ? 7 : 0));
  const lines = ["2xx", "3xx", "4xx", "5xx"].map((name, i) => {
    const n = classes[i] ?? 0;
    const filled = total > 0 ? Math.round((barWidth * n) / total) : 0;
    const bar = "█".repeat(filled) + "·".repeat(barWidth - filled);
    const shown = `${name} ${bar}${percent(n, total).padStart(7)}`;
    return withCount ? `${shown}${count(n).padStart(7)}` : shown;
  });
  if (r !== null) {
    const codes = Object.entries(r.status)
      .sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0]))
      .slice(0, 6);
    lines.push(fit(codes.map(([code, n]) => `${code} ${count(n)}`).join(" · "), width));
    const methods = Object.entries(r.methods).slice(0, 5);
    lines.push(fit(methods.map(([m, n]) => `${m} ${percent(n, r.hits)}`).join(" · "), width));
  }
  return {
    rect,
    label: label("Status · methods", rect),
    lines: lines.slice(0, Math.max(0, rect.height - BORDER)),
    highlight: null,
    border: paint(input, "cyan"),
  };
}

function historyItem(e: AlertLine): string {
  const lasted =
    e.duration_s === undefined ? "" : ` (alert lasted ${formatDuration(e.duration_s)})`;
  // A grouped rule's message holds log text (its key): shown escaped, like every log field.
  return escapeForCells(`${e.message}${lasted}`);
}

/** The alert history as lines, newest first, wrapped to `width`. */
function historyLines(input: DashboardInput, width: number): string[] {
  const items = input.history.map((e) => wrap(historyItem(e), width)).reverse();
  if (input.historyDropped > 0)
    items.push([`… ${count(input.historyDropped)} older alerts not kept`]);
  return items.flat();
}

const HELP = [
  "logmon — keys",
  "",
  "  q, Ctrl-C        quit (the terminal is restored)",
  "  p                pause / resume: the panels hold still (reading goes on)",
  "  tab              move the focus: sections, hosts, alert history",
  "  ↑ ↓ j k         select a row of the focused panel (it scrolls)",
  "  PgUp PgDn        a page up or down",
  "  s                sort sections by hits, errors (4xx+5xx) or bytes",
  "  v                the whole run / the live window",
  "  R                start the whole run's statistics again (following)",
  "  ?                show / hide this help",
  "",
  "The alert fires when the requests of the last window, divided by the",
  "window's seconds, go above the threshold; it recovers at or below it.",
  "Time is the log's own: each line counts in the second it is stamped.",
].join("\n");

/** A focusable panel: its rows windowed to its height, the selection kept in view. */
function focusable(
  input: DashboardInput,
  focus: Focus,
  rect: Rect,
  label: string,
  header: string | null,
  rows: string[],
): PanelModel & { offset: number; count: number } {
  const { ui } = input;
  const visible = rect.height - BORDER - (header === null ? 0 : 1);
  const shown = shownRows(rows, visible, ui.selected[focus], ui.offset[focus]);
  const focused = ui.focus === focus;
  return {
    rect,
    label,
    lines: header === null ? shown.lines : [header, ...shown.lines],
    highlight: shown.highlight === null ? null : shown.highlight + (header === null ? 0 : 1),
    border: paint(input, focused ? "yellow" : "cyan"),
    offset: shown.offset,
    count: rows.length,
  };
}

/** The whole screen's content for one moment: pure, so it is tested as data. */
export function dashboardModel(input: DashboardInput): DashboardModel {
  const { ui } = input;
  const historyWidth = ui.width - BORDER - 1;
  const past = historyLines(input, historyWidth);
  const place = layoutFor(ui.width, ui.height, past.length);
  // The whole run (`v`, and where a replay opens) in place of the live window.
  const run = ui.view === "run" ? (input.run ?? null) : null;
  // The run's own requests: R starts them again, the totals go on.
  const total = run === null ? 0 : Object.values(run.status).reduce((sum, n) => sum + n, 0);
  const sectionsT =
    run === null
      ? sectionsTable(input.report, input.live.ranked, ui.sort, place.sections.width)
      : runTable("Paths", run.paths, total, place.sections.width);
  const hostsT =
    run === null
      ? hostsTable(input.report, place.hosts.width)
      : runTable("Not found (404)", run.not_found, total, place.hosts.width);
  const sections = focusable(
    input,
    "sections",
    place.sections,
    sectionsT.label,
    sectionsT.header,
    sectionsT.rows,
  );
  const hosts = focusable(input, "hosts", place.hosts, hostsT.label, hostsT.header, hostsT.rows);
  const alerts = input.history.filter((e) => e.type === "alert").length + input.historyDropped;
  const history = place.historyBorder
    ? focusable(
        input,
        "history",
        place.history,
        label(
          `Alert history · ${count(alerts)} alert${alerts === 1 ? "" : "s"} · newest first`,
          place.history,
        ),
        null,
        past,
      )
    : {
        rect: place.history,
        label: "",
        lines: [fit("Alert history · no alerts yet", ui.width)],
        highlight: null,
        border: null,
        offset: 0,
        count: 0,
      };
  const model: DashboardModel = {
    tooSmall: null,
    header: header(input),
    banner: banner(input),
    chart: run === null ? chart(input, place.chart) : runChart(input, run, place.chart),
    status: run === null ? status(input, place.status) : runStatus(input, run, total, place.status),
    sections,
    hosts,
    history: { ...history, framed: place.historyBorder },
    footer: fit(
      `q quit · p ${ui.paused ? "resume" : "pause"} · tab: ${ui.focus} · ↑↓ j k PgUp PgDn · s sort: ${ui.sort}` +
        `${(input.run ?? null) === null ? "" : ` · v: ${ui.view === "run" ? "live window" : "whole run"}`} · ? help`,
      ui.width,
    ),
    help: ui.help ? HELP : null,
    rows: { sections: sections.count, hosts: hosts.count, history: history.count },
    offset: { sections: sections.offset, hosts: hosts.offset, history: history.offset },
  };
  if (ui.width < MIN_WIDTH || ui.height < MIN_HEIGHT) {
    model.tooSmall =
      `logmon needs at least ${MIN_WIDTH}×${MIN_HEIGHT} cells (this is ${ui.width}×${ui.height}). ` +
      "Make the window larger, or run with --plain. q quits.";
  }
  return model;
}
