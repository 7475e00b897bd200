import type { SectionLine } from "./event.js";

/** One parsed access-log line: only what statistics and alerting read. Parsers fill one reused instance. */
export interface LogRecord {
  /** Request time in whole seconds since the Unix epoch, from the line's own timestamp. */
  time: number;
  /** Client address as written in the log (IPv4, IPv6 or a name). */
  host: string;
  /** Virtual host prefix when the line has one, otherwise "". */
  vhost: string;
  /** Request method, "-" when the request line is absent or unreadable. */
  method: string;
  /** First path segment of the target ("/api"), or a marker such as "(none)" and "(invalid)". */
  section: string;
  /** HTTP status code. */
  status: number;
  /** Response bytes; 0 when the log writes "-". */
  bytes: number;
  /** How long the request took, ms; NaN when the format does not carry it. */
  latencyMs: number;
  /**
   * Small numbers that the same host, section or method usually carries from line to line (a hash
   * the parser computed anyway), or -1: counting finds a key's row by them without hashing the
   * string again. Only hints: the string itself is always compared.
   */
  hostHint: number;
  sectionHint: number;
  methodHint: number;
  /**
   * The kept path's hashKey (src/stats/keyindex.ts) & 0x7fffffff when the parser computed it on
   * the way (an ASCII path), or -1: a hash, not a hint, so tables may index by it.
   */
  pathHash: number;
  /**
   * The path's bytes, when kept as a view (KEEP_PATH_VIEW): pathBytes[pathStart, pathEnd), valid
   * until the next line is parsed; pathEnd is -1 when the line has no path.
   */
  pathBytes: Buffer;
  pathStart: number;
  pathEnd: number;
  /** Hints for the kept agent and referrer (see hostHint), or -1. */
  agentHint: number;
  referrerHint: number;
  /**
   * Which of the costly fields below parsers fill (KEEP_PATH, KEEP_AGENT): only when a rule
   * matches on them, so other runs pay nothing. Set once per record, never reset by a parser.
   */
  keep: number;
  /** The request's path without its query ("/api/users/7"), when kept; else "". */
  path: string;
  /** The user agent, when kept and the format has one; else "". */
  agent: string;
  /** The referrer, when kept and the format has one ("-" is none); else "". */
  referrer: string;
  /** The request's query with its "?" ("?id=7"), when kept (--keep-query) and it has one; else "". */
  query: string;
  /**
   * The time to take when the line has none (a syslog header's), epoch seconds, or NaN: set by
   * the reader only to parse such a line again; formats that may lack a time read it.
   */
  fallbackTime: number;
}

/** `LogRecord.keep` bits: fill `path`, `agent`, `referrer`, `query`. */
export const KEEP_PATH = 1;
export const KEEP_AGENT = 2;
export const KEEP_REFERRER = 4;
export const KEEP_QUERY = 8;
/** Keep the path as a view of the line's bytes (and its pathHash), not decoded unless KEEP_PATH. */
export const KEEP_PATH_VIEW = 16;
/** What `pathBytes` is when no path is kept. */
const NO_BYTES = Buffer.alloc(0);

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

/** A blank record for a parser to fill (one per input stream, reused for every line). */
export function emptyRecord(): LogRecord {
  return {
    time: 0,
    host: "",
    vhost: "",
    method: "",
    section: "",
    status: 0,
    bytes: 0,
    latencyMs: NaN,
    hostHint: -1,
    sectionHint: -1,
    methodHint: -1,
    pathHash: -1,
    pathBytes: NO_BYTES,
    pathStart: 0,
    pathEnd: -1,
    agentHint: -1,
    referrerHint: -1,
    keep: 0,
    path: "",
    agent: "",
    referrer: "",
    query: "",
    fallbackTime: NaN,
  };
}

/**
 * Copies every field of `from` into `to` (a line held for later, since parsers reuse records and
 * readers their buffers: a path view gets its own bytes).
 */
export function copyRecord(from: LogRecord, to: LogRecord): LogRecord {
  Object.assign(to, from);
  if (from.pathEnd >= 0) {
    to.pathBytes = Buffer.from(from.pathBytes.subarray(from.pathStart, from.pathEnd));
    to.pathStart = 0;
    to.pathEnd = to.pathBytes.length;
  }
  return to;
}

/** An input and where it stands, as the dashboard header and the outputs show it. */
export interface InputStatus {
  path: string;
  /** "reading": a stream or replayed file until "ended"; "listening": a syslog listener. */
  state: "waiting" | "following" | "error" | "reading" | "ended" | "listening";
  /** Why it waits or fails ("no such file or directory", "permission denied"). */
  detail?: string;
}
