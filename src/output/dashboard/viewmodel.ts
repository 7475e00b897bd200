import { formatDuration } from "../../core/duration.js";
import type { AlertLine } from "../../core/event.js";
import { isoTime } from "../../core/time.js";
import { escapeForCells } from "../escape.js";
import { count, percent } from "../format.js";
import { LAYOUT, MIN_HEIGHT, MIN_WIDTH, panelWidth, type Cell } from "./layout.js";
import type { Color, DashboardInput, DashboardModel } from "./model.js";
import { fit, hostsTable, sectionsTable } from "./tables.js";

function paint(input: DashboardInput, color: string): Color {
  return input.ui.color ? color : null;
}

/** Longest path shown in the header; longer ones keep their end ("…/nginx/access.log"). */
const MAX_PATH = 32;

function shortPath(path: string): string {
  const safe = escapeForCells(path === "-" ? "stdin" : path);
  return safe.length <= MAX_PATH ? safe : `…${safe.slice(safe.length - MAX_PATH + 1)}`;
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

function inputsText(input: DashboardInput): string {
  const [only] = input.inputs;
  if (input.inputs.length === 1 && only !== undefined) {
    const why = only.detail === undefined ? "" : `: ${only.detail}`;
    return `${shortPath(only.path)} [${only.state}${why}]`;
  }
  const states = new Map<string, number>();
  for (const i of input.inputs) states.set(i.state, (states.get(i.state) ?? 0) + 1);
  const parts = [...states].map(([state, n]) => `${n} ${state}`);
  return `${input.inputs.length} files (${parts.join(", ")})`;
}

function lagText(wallMs: number, logTime: number): string {
  const lag = Math.round(wallMs / 1000 - logTime);
  if (Math.abs(lag) <= 2) return "live";
  return lag > 0 ? `${formatDuration(lag)} behind` : `${formatDuration(-lag)} ahead`;
}

function header(input: DashboardInput): string {
  const { live, ui } = input;
  const t = live.totals;
  const parts = [
    `logmon${ui.paused ? " [PAUSED — p resumes]" : ""} · ${inputsText(input)}`,
    input.format,
  ];
  parts.push(
    live.logTime === null
      ? "no log time yet"
      : `${isoTime(live.logTime).slice(11)} ${lagText(input.wallMs, live.logTime)}`,
  );
  parts.push(`${count(input.ingestRate)} lines/s`, `${count(t.lines.read)} lines`);
  parts.push(`${count(t.lines.invalid)} unparsed`);
  if (t.source.rotations > 0) parts.push(`${count(t.source.rotations)} rotated`);
  return fit(parts.join(" · "), ui.width);
}

function banner(input: DashboardInput): DashboardModel["banner"] {
  const { live } = input;
  const window = formatDuration(live.windowS);
  if (live.logTime === null) {
    return { text: "Waiting for log lines…", fg: null, bg: null, bold: false, inverse: false };
  }
  if (live.firingSince !== null) {
    const text =
      `▲ HIGH TRAFFIC  ${count(live.hits)} hits in ${window} = ${live.rate.toFixed(2)} req/s, ` +
      `above ${live.threshold} req/s  ·  firing for ${formatDuration(live.logTime - live.firingSince)}` +
      ` (since ${isoTime(live.firingSince).slice(11, 19)})`;
    return {
      text: fit(text, input.ui.width),
      fg: paint(input, "white"),
      bg: paint(input, "red"),
      bold: true,
      inverse: !input.ui.color,
    };
  }
  const text = `Traffic normal · ${live.rate.toFixed(2)} req/s over ${window} (alert above ${live.threshold} req/s)`;
  return {
    text: fit(text, input.ui.width),
    fg: paint(input, "green"),
    bg: null,
    bold: false,
    inverse: false,
  };
}

function chart(input: DashboardInput): DashboardModel["chart"] {
  const { live } = input;
  const firing = live.firingSince !== null;
  const end = live.logTime ?? 0;
  const x = live.series.map((_, i) => isoTime(end - live.series.length + 1 + i).slice(11, 19));
  const peak = Math.max(1, live.threshold, ...live.series);
  return {
    label: label(
      `Requests/s · last ${formatDuration(live.windowS)} · threshold ${live.threshold}`,
      LAYOUT.chart,
      input,
    ),
    x,
    series: [
      { title: "req/s", y: live.series, color: paint(input, firing ? "red" : "cyan") },
      {
        title: "threshold",
        y: live.series.map(() => live.threshold),
        color: paint(input, "yellow"),
      },
    ],
    maxY: Math.ceil(peak * 1.2),
    border: paint(input, firing ? "red" : "cyan"),
  };
}

/** Status classes as horizontal bars (visible with or without colour), then codes and methods. */
function status(input: DashboardInput): DashboardModel["status"] {
  const r = input.report;
  const width = panelWidth(input.ui.width, LAYOUT.status) - 2;
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
  return { label: label("Status · methods", LAYOUT.status, input), lines };
}

/** A panel label cut to fit its border. */
function label(text: string, cell: Cell, input: DashboardInput): string {
  return ` ${fit(text, panelWidth(input.ui.width, cell) - 6)} `;
}

function historyItem(e: AlertLine): string {
  const lasted =
    e.duration_s === undefined ? "" : ` (alert lasted ${formatDuration(e.duration_s)})`;
  return `${e.message}${lasted}`;
}

function history(input: DashboardInput): DashboardModel["history"] {
  const inner = panelWidth(input.ui.width, LAYOUT.history) - 3;
  const items = input.history.map((e) => wrap(historyItem(e), inner).join("\n")).reverse();
  if (input.historyDropped > 0)
    items.push(`… ${count(input.historyDropped)} older alerts not kept`);
  if (items.length === 0) items.push("No alerts yet.");
  const alerts = input.history.filter((e) => e.type === "alert").length + input.historyDropped;
  return {
    label: ` Alert history · ${count(alerts)} alert${alerts === 1 ? "" : "s"} · newest first `,
    items,
  };
}

const HELP = [
  "logmon — keys",
  "",
  "  q, Ctrl-C        quit (the terminal is restored)",
  "  p                pause / resume the view (reading goes on)",
  "  tab              move the focus: sections, hosts, alert history",
  "  ↑ ↓ PgUp PgDn    scroll the focused panel",
  "  s                sort sections by hits, errors (4xx+5xx) or bytes",
  "  ?                show / hide this help",
  "",
  "The alert fires when the requests of the last window, divided by the",
  "window's seconds, go above the threshold; it recovers at or below it.",
  "Time is the log's own: each line counts in the second it is stamped.",
].join("\n");

/** The whole screen's content for one moment: pure, so it is tested as data. */
export function dashboardModel(input: DashboardInput): DashboardModel {
  const { ui } = input;
  const model: DashboardModel = {
    tooSmall: null,
    header: header(input),
    banner: banner(input),
    chart: chart(input),
    status: status(input),
    sections: sectionsTable(
      input.report,
      input.live.ranked,
      ui.sort,
      panelWidth(ui.width, LAYOUT.sections),
    ),
    hosts: hostsTable(input.report, panelWidth(ui.width, LAYOUT.hosts)),
    history: history(input),
    footer: fit(
      `q quit · p ${ui.paused ? "resume" : "pause"} · tab: ${ui.focus} · ↑↓ PgUp PgDn · s sort: ${ui.sort} · ? help`,
      ui.width,
    ),
    help: ui.help ? HELP : null,
    focusBorder: paint(input, "yellow"),
    border: paint(input, "cyan"),
  };
  if (ui.width < MIN_WIDTH || ui.height < MIN_HEIGHT) {
    model.tooSmall =
      `logmon needs at least ${MIN_WIDTH}×${MIN_HEIGHT} cells (this is ${ui.width}×${ui.height}). ` +
      "Make the window larger, or run with --plain. q quits.";
  }
  return model;
}
