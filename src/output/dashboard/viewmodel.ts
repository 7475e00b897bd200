import { formatDuration } from "../../core/duration.js";
import { alertMessage } from "../../core/event.js";
import { isoTime } from "../../core/time.js";
import type { AlertEvent } from "../../core/types.js";
import { escapeControl } from "../escape.js";
import { count, percent } from "../format.js";
import { LAYOUT, MIN_HEIGHT, MIN_WIDTH, panelWidth } from "./layout.js";
import type { Color, DashboardInput, DashboardModel } from "./model.js";
import { fit, hostsTable, sectionsTable } from "./tables.js";

function paint(input: DashboardInput, color: string): Color {
  return input.ui.color ? color : null;
}

function inputsText(input: DashboardInput): string {
  const [only] = input.inputs;
  if (input.inputs.length === 1 && only !== undefined) {
    return `${escapeControl(only.path === "-" ? "stdin" : only.path)} [${only.state}]`;
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
    label: ` Requests/s · last ${formatDuration(live.windowS)} · alert above ${live.threshold} avg `,
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

/** Horizontal bars of the status classes: visible with or without colour. */
function status(input: DashboardInput): DashboardModel["status"] {
  const r = input.report;
  const classes = r === null ? [0, 0, 0, 0] : r.classes.slice(1);
  const total = r?.hits ?? 0;
  const barWidth = Math.max(1, panelWidth(input.ui.width, LAYOUT.status) - 2 - 4 - 15);
  const lines = ["2xx", "3xx", "4xx", "5xx"].map((name, i) => {
    const n = classes[i] ?? 0;
    const filled = total > 0 ? Math.round((barWidth * n) / total) : 0;
    const bar = "█".repeat(filled) + "·".repeat(barWidth - filled);
    return `${name} ${bar} ${percent(n, total).padStart(6)} ${count(n).padStart(7)}`;
  });
  return { label: " Status · last interval ", lines };
}

function codes(input: DashboardInput): DashboardModel["codes"] {
  const r = input.report;
  if (r === null) return { label: " Codes · methods ", text: "" };
  const top = [...r.status].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 6);
  const methods = [...r.methods].slice(0, 5);
  return {
    label: " Codes · methods ",
    text: [
      top.map(([code, n]) => `${code} ${count(n)}`).join(" · "),
      methods.map(([m, n]) => `${escapeControl(m)} ${percent(n, r.hits)}`).join(" · "),
    ].join("\n"),
  };
}

function historyItem(e: AlertEvent): string {
  const lasted = e.since === undefined ? "" : ` (alert lasted ${formatDuration(e.time - e.since)})`;
  return `${e.kind === "alert" ? "▲" : "▼"} ${alertMessage(e)}${lasted}`;
}

function history(input: DashboardInput): DashboardModel["history"] {
  const items = input.history.map(historyItem).reverse();
  if (input.historyDropped > 0)
    items.push(`… ${count(input.historyDropped)} older alerts not kept`);
  if (items.length === 0) items.push("No alerts yet.");
  const alerts = input.history.filter((e) => e.kind === "alert").length + input.historyDropped;
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
    codes: codes(input),
    sections: sectionsTable(input.report, ui.sort, panelWidth(ui.width, LAYOUT.sections)),
    hosts: hostsTable(input.report, panelWidth(ui.width, LAYOUT.hosts)),
    history: history(input),
    footer: fit(
      `q quit · p ${ui.paused ? "resume" : "pause"} · tab focus: ${ui.focus} · ↑↓ PgUp PgDn scroll · ` +
        `s sort: ${ui.sort} · ? help`,
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
