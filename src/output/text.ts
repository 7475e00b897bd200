import { formatDuration } from "../core/duration.js";
import type { FileCounts } from "../core/types.js";
import type {
  AlertLine,
  ClassLine,
  MonitorEvent,
  ReportEvent,
  SourceLine,
  SummaryEvent,
  TotalsLine,
} from "../core/event.js";
import type { NotifyEvent } from "../core/notify-event.js";
import { escapeControl } from "./escape.js";
import { runLines } from "./run-text.js";
import { bytes, count, millis, percent, readableTime } from "./format.js";

/** A top row's hits, with "≥" when they are a lower bound (see hits_error). */
function atLeast(row: { hits: number; hits_error?: number }): string {
  return row.hits_error === undefined ? count(row.hits) : `≥${count(row.hits)}`;
}

function classes(c: ClassLine, hits: number, other = 0): string {
  const parts = (["2xx", "3xx", "4xx", "5xx"] as const).map((k) => `${k} ${percent(c[k], hits)}`);
  if (c["1xx"] > 0) parts.unshift(`1xx ${percent(c["1xx"], hits)}`);
  if (other > 0) parts.push(`no status ${percent(other, hits)}`);
  return parts.join(" ");
}

function errorList(errors: TotalsLine["errors"]): string {
  return Object.entries(errors)
    .map(([reason, n]) => `${reason} ${count(n)}`)
    .join(", ");
}

function lineCounts(r: ReportEvent | SummaryEvent, lines: TotalsLine["lines"]): string {
  const errors = r.type === "report" ? r.errors : r.totals.errors;
  let out = `${count(lines.read)} read`;
  if (lines.invalid > 0) out += ` · ${count(lines.invalid)} unparsed (${errorList(errors)})`;
  if (lines.directives > 0) out += ` · ${count(lines.directives)} directive lines`;
  if ((lines.filtered ?? 0) > 0) out += ` · ${count(lines.filtered ?? 0)} filtered out`;
  if (lines.late > 0) out += ` · ${count(lines.late)} late`;
  if (lines.skew > 0) out += ` · ${count(lines.skew)} clock skew`;
  return out;
}

const SOURCE_WORDS: [keyof SourceLine, string, string][] = [
  ["rotations", "rotation", "rotations"],
  ["truncations", "truncation", "truncations"],
  ["gaps", "suspected gap", "suspected gaps"],
  ["read_errors", "read error", "read errors"],
  ["invalid_bytes", "NUL byte dropped", "NUL bytes dropped"],
  ["denied", "message denied (not in allow)", "messages denied (not in allow)"],
  ["dropped", "datagram dropped by the kernel", "datagrams dropped by the kernel"],
];

/** "2 rotations · 1 truncation", or "" when nothing happened. */
function sourceEvents(source: SourceLine): string {
  return SOURCE_WORDS.filter(([key]) => (source[key] ?? 0) > 0)
    .map(([key, one, many]) => {
      const n = source[key] ?? 0;
      return `${count(n)} ${n === 1 ? one : many}`;
    })
    .join(" · ");
}

function fileList(files: FileCounts[]): string {
  return files
    .map((f) => `${escapeControl(f.file === "-" ? "stdin" : f.file)} ${count(f.read)}`)
    .join(" · ");
}

function endTime(start: string, end: string): string {
  return start.slice(0, 10) === end.slice(0, 10) ? end.slice(11) : readableTime(end);
}

function report(r: ReportEvent): string[] {
  const out = [
    `${readableTime(r.start)} → ${endTime(r.start, r.end)}  ${count(r.hits)} hits · ` +
      `${r.rps} req/s · ${bytes(r.bytes)} · ${classes(r.status_class, r.hits, r.status_other)}`,
  ];
  const w = r.window;
  const waited =
    w.lateness_s > 0 ? `; judged ${formatDuration(w.lateness_s)} behind the newest line` : "";
  out.push(
    `  window     ${count(w.hits)} hits in ${formatDuration(w.window_s)} = ${w.rate} req/s` +
      ` (alert above ${w.threshold}${waited})${w.alert ? " — ALERT FIRING" : ""}`,
  );
  if (r.sections.length > 0) {
    const rows = r.sections.map((s) => {
      const errors = s["5xx"] > 0 ? ` (5xx ${count(s["5xx"])})` : "";
      return `${escapeControl(s.section)} ${atLeast(s)}${errors}`;
    });
    if (r.sections_other > 0) rows.push(`others ${count(r.sections_other)}`);
    out.push(`  sections   ${rows.join(" · ")}`);
    out.push(
      `  hosts      ${r.hosts.map((h) => `${escapeControl(h.host)} ${atLeast(h)}`).join(" · ")}`,
    );
    out.push(
      `  methods    ${Object.entries(r.methods)
        .map(([m, n]) => `${escapeControl(m)} ${count(n)}`)
        .join(" · ")}`,
    );
  }
  if (r.latency_ms !== null) {
    const l = r.latency_ms;
    out.push(
      `  latency    p50 ${millis(l.p50)} · p95 ${millis(l.p95)} · p99 ${millis(l.p99)} (${count(l.count)} requests)`,
    );
  }
  out.push(`  lines      ${lineCounts(r, r.lines)}`);
  if (r.files.length > 1) out.push(`  files      ${fileList(r.files)}`);
  const events = sourceEvents(r.source);
  if (events !== "") out.push(`  follow     ${events}`);
  return out;
}

function alert(a: AlertLine): string {
  // A grouped rule's message holds log text (its key): escaped like every log field.
  const message = escapeControl(a.message);
  return a.duration_s === undefined
    ? message
    : `${message} (alert lasted ${formatDuration(a.duration_s)})`;
}

/** "notify ops_hook: sent (try 1)" or "notify ops_hook: failed (try 2): HTTP 500". */
function notifyLine(n: NotifyEvent): string {
  const what = n.ok ? "sent" : `failed (try ${n.attempt}): ${escapeControl(n.error ?? "")}`;
  return `notify ${n.channel} ${escapeControl(n.id)}: ${n.ok ? `${what} (try ${n.attempt})` : what}`;
}

function summary(s: SummaryEvent): string[] {
  const t = s.totals;
  const out = ["", "Summary"];
  if (s.first !== null && s.last !== null) {
    out.push(`  log time   ${readableTime(s.first)} → ${readableTime(s.last)}`);
  }
  out.push(`  lines      ${lineCounts(s, t.lines)}`);
  if (s.lateness_s > 0 || t.lines.late > 0) {
    out.push(
      `  lateness   lines came up to ${formatDuration(s.lateness_s)} behind the newest timestamp;` +
        ` ${count(t.lines.late)} came after their second was judged (counted late)`,
    );
  }
  if (t.files.length > 1) out.push(`  files      ${fileList(t.files)}`);
  const events = sourceEvents(t.source);
  if (events !== "") out.push(`  follow     ${events}`);
  out.push(
    `  hits       ${count(t.hits)} · ${bytes(t.bytes)} · ${classes(t.status_class, t.hits, t.status_other)}`,
  );
  const alerts = s.alerts.filter((a) => a.type === "alert").length;
  const firing = s.alert_firing ? " — still firing at end of input" : "";
  out.push(`  alerts     ${count(alerts)}${firing}`);
  if (s.alerts_dropped > 0) out.push(`    (${count(s.alerts_dropped)} older not kept)`);
  for (const a of s.alerts) out.push(`    ${alert(a)}`);
  if (s.run !== undefined) out.push(...runLines(s.run));
  for (const [channel, c] of Object.entries(s.notify ?? {})) {
    out.push(`  notify     ${channel}: ${count(c.sent)} sent, ${count(c.failed)} failed`);
  }
  if (s.error_samples.length > 0) {
    out.push("  unparsed examples");
    for (const e of s.error_samples) {
      const where = e.source === "-" ? "stdin" : escapeControl(e.source);
      const text = e.text === "" ? "(empty line)" : escapeControl(e.text);
      out.push(`    ${e.reason} ${where}:${e.line}  ${text}`);
    }
  }
  return out;
}

/** The plain-text rendering of one event, alone (the dashboard prints its summary with it). */
export function textLines(event: MonitorEvent): string {
  switch (event.type) {
    case "report":
      return `${report(event).join("\n")}\n`;
    case "alert":
    case "recover":
      return `${alert(event)}\n`;
    case "summary":
      return `${summary(event).join("\n")}\n`;
    case "notify":
      return `${notifyLine(event)}\n`;
  }
}

/** An interval in which nothing at all was read: no hits, no unparsed line. */
function isEmpty(r: ReportEvent): boolean {
  return r.hits === 0 && r.lines.read === 0;
}

/**
 * What `--plain` (and a non-terminal stdout) prints: every event as textLines does, except that a
 * run of empty intervals becomes one line, "no traffic 13:08:00 → 14:05:50 (57m50s)", written
 * when the run ends (the next event). A sparse log reads as its traffic, not as empty reports.
 */
export function plainText(): (event: MonitorEvent) => string {
  let quiet: { start: string; end: string } | null = null;
  return (event) => {
    if (event.type === "report" && isEmpty(event)) {
      quiet = { start: quiet?.start ?? event.start, end: event.end };
      return "";
    }
    let out = "";
    if (quiet !== null) {
      const span = formatDuration((Date.parse(quiet.end) - Date.parse(quiet.start)) / 1000);
      out = `no traffic ${readableTime(quiet.start)} → ${endTime(quiet.start, quiet.end)} (${span})\n`;
      quiet = null;
    }
    return out + textLines(event);
  };
}
