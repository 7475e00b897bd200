import type { RunLine } from "./run.js";
import type { NotifyEvent } from "./notify-event.js";
import type { FileCounts, LatencySummary, LineCounts, ParseErrorReason } from "./types.js";

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
