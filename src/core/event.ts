import type {
  AlertEvent,
  ClassCounts,
  KeyStats,
  LiveView,
  ParseErrorReason,
  RunSummary,
  SourceCounts,
  Totals,
  WindowSnapshot,
} from "./types.js";
import { isoTime } from "./time.js";
import {
  SCHEMA_VERSION,
  type AlertLine,
  type ClassLine,
  type ReportEvent,
  type SectionLine,
  type SourceLine,
  type SummaryEvent,
  type TotalsLine,
} from "./event-types.js";

// The envelope's types live in event-types.ts; everyone imports them from here.
export * from "./event-types.js";

function round(value: number, places: number): number {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}

function classLine(c: ClassCounts): ClassLine {
  return { "1xx": c[0], "2xx": c[1], "3xx": c[2], "4xx": c[3], "5xx": c[4] };
}

/** `status_other` when some hits are in no class, so that the classes and it add up to the hits. */
function otherStatus(hits: number, c: ClassCounts): { status_other?: number } {
  const other = hits - (c[0] + c[1] + c[2] + c[3] + c[4]);
  return other > 0 ? { status_other: other } : {};
}

type ErrorsLine = Partial<Record<ParseErrorReason, number>>;
function errorsLine(errors: Map<ParseErrorReason, number>): ErrorsLine {
  return Object.fromEntries([...errors].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

function sourceLine(c: SourceCounts): SourceLine {
  return {
    rotations: c.rotations,
    truncations: c.truncations,
    invalid_bytes: c.invalidBytes,
    read_errors: c.readErrors,
    gaps: c.gaps,
    ...(c.denied > 0 ? { denied: c.denied } : {}),
    ...(c.dropped > 0 ? { dropped: c.dropped } : {}),
  };
}

/** Running totals as written out (a summary's, the API's status). */
export function totalsLine(t: Totals): TotalsLine {
  return {
    lines: t.lines,
    hits: t.hits,
    bytes: t.bytes,
    status_class: classLine(t.classes),
    ...otherStatus(t.hits, t.classes),
    errors: errorsLine(t.errors),
    source: sourceLine(t.source),
    files: t.files,
  };
}

/** The last report's sections ranked by errors and by bytes, for the live view. */
export function rankedSections(r: WindowSnapshot | null): LiveView["ranked"] {
  if (r === null) return { errors: [], bytes: [] };
  const rows = (list: KeyStats[]) => list.map((s) => sectionLine(s, r.hits));
  return { errors: rows(r.sectionsBy.errors), bytes: rows(r.sectionsBy.bytes) };
}

/** A section's row as written out; `total` is the interval's hits (for the share). */
export function sectionLine(s: KeyStats, total: number): SectionLine {
  return {
    section: s.key,
    hits: s.hits,
    share: total > 0 ? round(s.hits / total, 4) : 0,
    "2xx": s.classes[1],
    "3xx": s.classes[2],
    "4xx": s.classes[3],
    "5xx": s.classes[4],
    bytes: s.bytes,
    latency_ms: s.latency,
    ...(s.error > 0 ? { hits_error: s.error } : {}),
  };
}

/** The envelope of an alert or recovery. */
export function alertEvent(e: AlertEvent): AlertLine {
  const since =
    e.since === undefined ? {} : { since: isoTime(e.since), duration_s: e.time - e.since };
  return {
    v: SCHEMA_VERSION,
    type: e.kind,
    time: isoTime(e.time),
    hits: e.hits,
    rate: round(e.rate, 2),
    threshold: e.threshold,
    window_s: e.windowS,
    ...since,
    message: e.message,
    rule: e.rule,
    key: e.key,
    value: round(e.value, 4),
    id: alertId(e),
  };
}

/** An alert's id: its rule, its key and the second it was raised (a recovery's `since`). */
export function alertId(e: AlertEvent): string {
  const raised = e.kind === "alert" ? e.time : (e.since ?? e.time);
  const at = new Date(raised * 1000).toISOString().replace(".000Z", "Z");
  return `${e.rule}${e.key === null ? "" : `[${e.key}]`}@${at}`;
}

/** The envelope of an interval report. */
export function reportEvent(s: WindowSnapshot): ReportEvent {
  const seconds = s.end - s.start;
  return {
    v: SCHEMA_VERSION,
    type: "report",
    start: isoTime(s.start),
    end: isoTime(s.end),
    seconds,
    hits: s.hits,
    rps: seconds > 0 ? round(s.hits / seconds, 2) : 0,
    bytes: s.bytes,
    status: Object.fromEntries(s.status),
    status_class: classLine(s.classes),
    ...otherStatus(s.hits, s.classes),
    share_5xx: s.hits > 0 ? round(s.classes[4] / s.hits, 4) : 0,
    methods: Object.fromEntries(s.methods),
    sections: s.sections.map((row) => sectionLine(row, s.hits)),
    sections_other: s.otherSectionHits,
    hosts: s.hosts.map((h) => ({
      host: h.key,
      hits: h.hits,
      ...(h.error > 0 ? { hits_error: h.error } : {}),
    })),
    latency_ms: s.latency,
    window: {
      hits: s.window.hits,
      rate: round(s.window.rate, 2),
      threshold: s.window.threshold,
      window_s: s.window.windowS,
      alert: s.window.firing,
      lateness_s: s.window.latenessS,
    },
    lines: s.lines,
    errors: errorsLine(s.errors),
    source: sourceLine(s.source),
    files: s.files,
    totals: totalsLine(s.totals),
  };
}

/** The envelope of the end-of-input summary. */
export function summaryEvent(r: RunSummary): SummaryEvent {
  return {
    v: SCHEMA_VERSION,
    type: "summary",
    first: r.totals.first === null ? null : isoTime(r.totals.first),
    last: r.totals.last === null ? null : isoTime(r.totals.last),
    totals: totalsLine(r.totals),
    alerts: r.alerts.map(alertEvent),
    alerts_dropped: r.alertsDropped,
    alert_firing: r.firing,
    lateness_s: r.latenessS,
    error_samples: r.samples.map((x) => ({
      reason: x.reason,
      source: x.source,
      line: x.lineNo,
      text: x.text,
    })),
  };
}
