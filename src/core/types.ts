import type { SectionLine } from "./event.js";

// The parsed line and its KEEP_* bits live in record.ts; most code imports them from here.
export {
  copyRecord,
  emptyRecord,
  KEEP_AGENT,
  KEEP_PATH,
  KEEP_PATH_VIEW,
  KEEP_QUERY,
  KEEP_REFERRER,
  type LogRecord,
} from "./record.js";

/** Why a line was not parsed; every unparsed line is counted under exactly one of these. */
export type ParseErrorReason =
  | "empty"
  | "oversize"
  | "bad_prefix"
  | "no_timestamp"
  | "bad_timestamp"
  | "bad_request"
  | "bad_status"
  | "bad_bytes"
  | "bad_latency"
  | "bad_json"
  | "no_fields"
  | "bad_field"
  | "no_format"
  | "bad_frame"
  | "bad_header"
  | "bad_octet_count"
  | "partial_frame";

/** Hits by status class: index 0 is 1xx … index 4 is 5xx. */
export type ClassCounts = [number, number, number, number, number];

/** Request latency percentiles, ms (within 1 % relative error), and how many requests had one. */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Hits of one key (section or host) in an interval, split by status class. */
export interface KeyStats {
  key: string;
  hits: number;
  classes: ClassCounts;
  bytes: number;
  /** Latency percentiles of the key's requests, when the format carries latency. */
  latency: LatencySummary | null;
  /**
   * Hits the key may have had before its row was (re)started, when more distinct keys came than
   * a table holds (Space-Saving); 0 when the counts are exact. At most the interval's hits / 10,000.
   */
  error: number;
}

/** Counters of lines read, parsed or not, with how their timestamps were treated. */
export interface LineCounts {
  read: number;
  parsed: number;
  invalid: number;
  /** Format directives and comments (W3C "#Fields: …"): read, neither parsed nor invalid. */
  directives: number;
  /** Parsed lines older than the alert window: in the report, not in the window. */
  late: number;
  /** Parsed lines stamped far from their neighbours (broken clocks): in the report, not in the window. */
  skew: number;
  /** Parsed lines `--filter` left out: read, counted nowhere else (present once there is one). */
  filtered?: number;
}

/** What following files did that can lose or distort data, counted so losses are never silent. */
export interface SourceCounts {
  /** Files replaced under a followed path (rename, delete and create, symlink swap). */
  rotations: number;
  /** Files cut short under the reader (copytruncate, or truncated and rewritten). */
  truncations: number;
  /** NUL bytes dropped (holes left by writers without O_APPEND after a truncate). */
  invalidBytes: number;
  /** Reads or opens that failed (permission, I/O errors); retried. */
  readErrors: number;
  /** Places where data was probably lost: unread bytes or a partial line cut by a truncation. */
  gaps: number;
  /** Syslog messages and connections from senders outside a listener's `allow`, dropped. */
  denied: number;
  /** Syslog datagrams the kernel dropped (receive buffer full), where the platform tells. */
  dropped: number;
}

/** One kind of SourceCounts event. */
export type SourceEvent = keyof SourceCounts;

/** Lines read from one input (a followed path, a file, or stdin). */
export interface FileCounts {
  file: string;
  read: number;
  parsed: number;
  invalid: number;
}

/** The alert window's state when a report is cut. */
export interface WindowState {
  hits: number;
  rate: number;
  firing: boolean;
  threshold: number;
  windowS: number;
  /** How far behind the newest timestamp lines arrive: the wait before a second is judged. */
  latenessS: number;
}

/** Statistics of one report interval (lines read during it), plus the alert window and totals. */
export interface WindowSnapshot {
  /** Interval bounds, epoch seconds, end exclusive. */
  start: number;
  end: number;
  hits: number;
  bytes: number;
  /** Status code → hits. */
  status: Map<number, number>;
  /** Hits by status class, 1xx … 5xx. */
  classes: ClassCounts;
  methods: Map<string, number>;
  /** Top sections by hits, at most `top`. */
  sections: KeyStats[];
  /** Hits of the sections not in `sections`. */
  otherSectionHits: number;
  /** The top sections by errors (4xx + 5xx) and by bytes, for views that sort otherwise. */
  sectionsBy: { errors: KeyStats[]; bytes: KeyStats[] };
  /** Top client hosts by hits, at most `top`. */
  hosts: KeyStats[];
  /** Latency percentiles of the interval, when the format carries latency. */
  latency: LatencySummary | null;
  lines: LineCounts;
  errors: Map<ParseErrorReason, number>;
  source: SourceCounts;
  /** Lines of each input read during the interval, in the order the inputs were opened. */
  files: FileCounts[];
  window: WindowState;
  totals: Totals;
}

/** Running totals since the start of the run. */
export interface Totals {
  lines: LineCounts;
  hits: number;
  bytes: number;
  classes: ClassCounts;
  errors: Map<ParseErrorReason, number>;
  source: SourceCounts;
  files: FileCounts[];
  /** Log time of the earliest and newest accepted lines, epoch seconds, or null before any. */
  first: number | null;
  last: number | null;
}

/** An alert firing now, as the dashboard's banner lists it. */
export interface FiringAlert {
  rule: string;
  key: string | null;
  since: number;
}

export interface LiveView {
  /** Newest second of log time, or null before the first line. */
  logTime: number | null;
  /** Seconds a second waits for late lines before it is judged (learned or given). */
  latenessS: number;
  /** Every alert firing, of every rule (firingSince is high_traffic's). */
  firing: FiringAlert[];
  /** Hits of each second of the window, oldest first, ending at logTime (still filling). */
  series: number[];
  /** Hits in the window at the last evaluated second (what the alert decided on), and its rate. */
  hits: number;
  rate: number;
  threshold: number;
  windowS: number;
  /** When the built-in high_traffic alert was triggered, or null when it is not firing. */
  firingSince: number | null;
  totals: Totals;
  /** The last report's sections ranked by errors (4xx + 5xx) and by bytes, as its rows are by hits. */
  ranked: { errors: SectionLine[]; bytes: SectionLine[] };
}

/** A rule's threshold crossing, in either direction. */
export interface AlertEvent {
  /** The rule that decided it ("high_traffic"). */
  rule: string;
  /** The group the rule judged (a section, a host, a status) when it has group_by, else null. */
  key: string | null;
  kind: "alert" | "recover";
  /** The second (epoch) of log time at which the threshold was crossed. */
  time: number;
  /** Requests in the window at that second. */
  hits: number;
  /** hits / window seconds. */
  rate: number;
  /** What the rule compared with its threshold: a rate, a share, a percentile in ms. */
  value: number;
  threshold: number;
  windowS: number;
  /** For a recovery: when the alert it ends was triggered. */
  since?: number;
  /** What a person reads: the rule's own words, with the numbers in. */
  message: string;
}

/** A line that did not parse, kept as an example for the summary. */
export interface ErrorSample {
  reason: ParseErrorReason;
  source: string;
  lineNo: number;
  text: string;
}

// The end-of-input account, in core/run.ts beside the whole-run lines the summary may add.
export type { RunSummary } from "./run.js";

/** An input and where it stands, as the dashboard header and the outputs show it. */
export interface InputStatus {
  path: string;
  /** "reading": a stream or replayed file until "ended"; "listening": a syslog listener. */
  state: "waiting" | "following" | "error" | "reading" | "ended" | "listening";
  /** Why it waits or fails ("no such file or directory", "permission denied"). */
  detail?: string;
}
