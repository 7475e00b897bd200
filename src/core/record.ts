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
   * The agent's hash for unique visitors, as the whole run's count on the parsing thread found
   * it (RunStats.record), carried with the line to the thread that counts visitors; else 0.
   */
  agentHash: number;
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
    agentHash: 0,
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
