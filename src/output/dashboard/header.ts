import { HIGH_TRAFFIC } from "../../alert/high-traffic.js";
import { formatDuration } from "../../core/duration.js";
import { isoTime } from "../../core/time.js";
import { escapeForCells } from "../escape.js";
import { count } from "../format.js";
import type { DashboardInput, DashboardModel } from "./model.js";
import { fit } from "./tables.js";

/** Longest path shown in the header; longer ones keep their end ("…/nginx/access.log"). */
const MAX_PATH = 32;

function shortPath(path: string): string {
  const safe = escapeForCells(path === "-" ? "stdin" : path);
  return safe.length <= MAX_PATH ? safe : `…${safe.slice(safe.length - MAX_PATH + 1)}`;
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
  // Syslog senders are inputs that are no files.
  const what = states.has("listening") ? "inputs" : "files";
  return `${input.inputs.length} ${what} (${parts.join(", ")})`;
}

/** Whether every input has been read to its end (a replay, a piped file). */
export function allEnded(input: DashboardInput): boolean {
  return input.inputs.length > 0 && input.inputs.every((i) => i.state === "ended");
}

/**
 * How log time stands to the wall clock: "live", "5m behind", "2s ahead"; "replayed" once every
 * input ended and "replaying" while read-to-the-end inputs are far behind; the demo's speed-up
 * instead of a lag that grows by design.
 */
function lagText(input: DashboardInput, logTime: number): string {
  if (input.logSpeed !== 1) return `${input.logSpeed}× speed`;
  if (allEnded(input)) return "replayed";
  const lag = Math.round(input.wallMs / 1000 - logTime);
  if (Math.abs(lag) <= 2) return "live";
  if (lag > 60 && input.inputs.every((i) => i.state === "reading")) return "replaying";
  return lag > 0 ? `${formatDuration(lag)} behind` : `${formatDuration(-lag)} ahead`;
}

/** Log time with its date when it is not today's (a replayed log): "2014-03-05 21:05:59Z". */
function logTimeText(input: DashboardInput, logTime: number): string {
  const shown = isoTime(logTime);
  const today = isoTime(Math.floor(input.wallMs / 1000)).slice(0, 10);
  return shown.slice(0, 10) === today
    ? shown.slice(11)
    : `${shown.slice(0, 10)} ${shown.slice(11)}`;
}

/**
 * The header: the most important facts first kept when the terminal is narrow. Each part has a
 * rank; parts of the highest rank go first until the line fits (alert state, rate and log time
 * stay; the format and the inputs go first).
 */
export function header(input: DashboardInput): string {
  const { live, ui } = input;
  const t = live.totals;
  const state =
    live.firing.length > 1
      ? `${live.firing.length} ALERTS`
      : live.firing.length === 1
        ? "ALERT"
        : "ok";
  const rate = `${state} ${live.rate.toFixed(2)} req/s`;
  const lines = allEnded(input)
    ? `avg ${count(input.ingestRate)} lines/s`
    : `${count(input.ingestRate)} lines/s`;
  const parts: [string, number][] = [
    [`logmon${ui.paused ? " [PAUSED — p resumes]" : ""}`, 0],
    [rate, 0],
    [
      live.logTime === null
        ? "no log time yet"
        : `${logTimeText(input, live.logTime)} ${lagText(input, live.logTime)}`,
      0,
    ],
    [live.latenessS > 0 ? `lines up to ${formatDuration(live.latenessS)} late` : "", 2],
    [
      (input.failingChannels ?? []).length > 0
        ? `notify failing: ${(input.failingChannels ?? []).join(", ")}`
        : "",
      0,
    ],
    // The chat bot in trouble ("xmpp: connection refused") is kept; online, it goes early.
    [input.chat?.startsWith("xmpp:") === true ? input.chat : "", 0],
    [`${count(t.lines.read)} lines`, 1],
    [input.chat === "xmpp online" ? input.chat : "", 3],
    [input.serving ?? "", 3],
    [`${count(t.lines.invalid)} unparsed`, 1],
    [(t.lines.filtered ?? 0) > 0 ? `${count(t.lines.filtered ?? 0)} filtered out` : "", 1],
    [inputsText(input), input.inputs.some((i) => i.state === "error") ? 1 : 2],
    [lines, 3],
    [t.source.rotations > 0 ? `${count(t.source.rotations)} rotated` : "", 4],
    [input.format, 5],
  ];
  let shown = parts.filter(([text]) => text !== "");
  for (let rank = 5; rank > 0; rank--) {
    if (shown.map(([text]) => text).join(" · ").length <= ui.width) break;
    shown = shown.filter(([, r]) => r < rank);
  }
  return fit(shown.map(([text]) => text).join(" · "), ui.width);
}

/**
 * What is awaited before the first line: the input and why it is not read yet, and, when no
 * input exists yet (bare `logmon` without /tmp/access.log), how to see logmon at work.
 */
function waiting(input: DashboardInput): string {
  const [only] = input.inputs;
  const what =
    input.inputs.length === 1 && only !== undefined
      ? `${shortPath(only.path)}${only.detail === undefined ? "" : ` (${only.detail})`}`
      : `${input.inputs.length} inputs`;
  const missing = input.inputs.every((i) => i.state === "waiting" || i.state === "error");
  const hint = missing ? " · try `logmon demo`" : "…";
  if (input.inputs.every((i) => i.state === "listening"))
    return `Waiting for syslog on ${what}${hint}`;
  return `Waiting for log lines in ${what}${hint}`;
}

/** The banner under the header: waiting, traffic normal, or the alert firing. */
export function banner(input: DashboardInput): DashboardModel["banner"] {
  const { live } = input;
  const window = formatDuration(live.windowS);
  const paint = (color: string) => (input.ui.color ? color : null);
  if (live.logTime === null) {
    return {
      text: fit(waiting(input), input.ui.width),
      fg: null,
      bg: null,
      bold: false,
      inverse: false,
    };
  }
  const others = live.firing.filter((f) => f.rule !== HIGH_TRAFFIC);
  const named = others
    .slice(0, 5)
    .map(
      (f) =>
        `${f.rule}${f.key === null ? "" : ` [${f.key}]`} since ${isoTime(f.since).slice(11, 19)}`,
    )
    .join(" · ");
  const more = others.length > 5 ? ` · ${others.length - 5} more` : "";
  if (live.firingSince !== null || others.length > 0) {
    const text =
      live.firingSince === null
        ? `▲ ALERT  ${named}${more}`
        : `▲ HIGH TRAFFIC  ${count(live.hits)} hits in ${window} = ${live.rate.toFixed(2)} req/s, ` +
          `above ${live.threshold} req/s  ·  firing for ${formatDuration(live.logTime - live.firingSince)}` +
          ` (since ${isoTime(live.firingSince).slice(11, 19)})${named === "" ? "" : `  ·  also ${named}${more}`}`;
    return {
      text: fit(text, input.ui.width),
      fg: paint("white"),
      bg: paint("red"),
      bold: true,
      inverse: !input.ui.color,
    };
  }
  const text = `Traffic normal · ${live.rate.toFixed(2)} req/s over ${window} (alert above ${live.threshold} req/s)`;
  return {
    text: fit(text, input.ui.width),
    fg: paint("green"),
    bg: null,
    bold: false,
    inverse: false,
  };
}
