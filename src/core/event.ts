import type { RunLine } from "./run.js";
import type { NotifyEvent } from "./notify-event.js";
import type {
  AlertEvent,
  ClassCounts,
  FileCounts,
  KeyStats,
  LatencySummary,
  LineCounts,
  ParseErrorReason,
  RunSummary,
  SourceCounts,
  Totals,
  WindowSnapshot,
} from "./types.js";
import { isoTime } from "./time.js";

/** Version of the NDJSON schema; bumped on any incompatible change. */
export const SCHEMA_VERSION = 1;

/** Hits by status class, as written out. */
export interface ClassLine {
  "1xx": number;
  "2xx": number;
  "3xx": number;
  "4xx": number;
  "5xx": number;
}

/** One row of a report's top sections. */
export interface SectionLine {
  section: string;
  hits: number;
  share: number;
  "2xx": number;
  "3xx": number;
  "4xx": number;
  "5xx": number;
  bytes: number;
  latency_ms: LatencySummary | null;
  /** Hits the section may have had beyond `hits`; only when the interval held too many distinct sections. */
  hits_error?: number;
}

/** One row of a report's top hosts. */
export interface HostLine {
  host: string;
  hits: number;
  /** As in SectionLine. */
  hits_error?: number;
}

/** An interval report, as every output reads it. */
export interface ReportEvent {
  v: 1;
  type: "report";
  start: string;
  end: string;
  seconds: number;
  hits: number;
  rps: number;
  bytes: number;
  status: Record<string, number>;
  status_class: ClassLine;
  /** Hits with no status (a format without one) or a code outside 1xx–5xx; only when some. */
  status_other?: number;
  share_5xx: number;
  methods: Record<string, number>;
  sections: SectionLine[];
  sections_other: number;
  hosts: HostLine[];
  latency_ms: LatencySummary | null;
  window: {
    hits: number;
    rate: number;
    threshold: number;
    window_s: number;
    alert: boolean;
    /** Seconds a second waited for late lines before it was judged (0 on a log in order). */
    lateness_s: number;
  };
  lines: LineCounts;
  errors: Partial<Record<ParseErrorReason, number>>;
  source: SourceLine;
  files: FileCounts[];
  totals: TotalsLine;
}

/** What following files did, as written out. */
export interface SourceLine {
  rotations: number;
  truncations: number;
  invalid_bytes: number;
  read_errors: number;
  gaps: number;
  /** Syslog messages refused by `allow`, and datagrams the kernel dropped; only when some. */
  denied?: number;
  dropped?: number;
}

/** Totals since the start of the run, as written out. */
export interface TotalsLine {
  lines: LineCounts;
  hits: number;
  bytes: number;
  status_class: ClassLine;
  /** As in ReportEvent. */
  status_other?: number;
  errors: Partial<Record<ParseErrorReason, number>>;
  source: SourceLine;
  files: FileCounts[];
}

/** A threshold crossing, as every output reads it. */
export interface AlertLine {
  v: 1;
  type: "alert" | "recover";
  time: string;
  hits: number;
  rate: number;
  threshold: number;
  window_s: number;
  since?: string;
  duration_s?: number;
  message: string;
  /** The rule that decided it ("high_traffic" for the built-in one). */
  rule: string;
  /** The group it judged (group_by), or null. */
  key: string | null;
  /** What the rule compared with its threshold (req/s, a share, ms), rounded to 4 decimals. */
  value: number;
  /** Shared by an alert and the recovery that ends it. */
  id: string;
}

/** The end-of-input account, as every output reads it. */
export interface SummaryEvent {
  v: 1;
  type: "summary";
  first: string | null;
  last: string | null;
  totals: TotalsLine;
  alerts: AlertLine[];
  alerts_dropped: number;
  alert_firing: boolean;
  /** The lateness in use at the end: how far behind the newest timestamp lines arrived. */
  lateness_s: number;
  /** Deliveries per notification channel, when some are configured. */
  notify?: Record<string, { sent: number; failed: number }>;
  /** The whole run: top lists, status codes, hours, days and visitors (docs/json.md). */
  run?: RunLine;
  /** The chat bot's counts, when `xmpp:` is configured (docs/json.md). */
  xmpp?: Record<string, number>;
  error_samples: { reason: ParseErrorReason; source: string; line: number; text: string }[];
}

/** The one envelope every output reads and `--json` writes, one per line. */
export type MonitorEvent = ReportEvent | AlertLine | SummaryEvent | NotifyEvent;

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
    ...(r.run === undefined ? {} : { run: r.run }),
    error_samples: r.samples.map((x) => ({
      reason: x.reason,
      source: x.source,
      line: x.lineNo,
      text: x.text,
    })),
  };
}
