import { KEEP_AGENT, KEEP_REFERRER, type LogRecord, type ParseErrorReason } from "../core/types.js";
import { MAX_BYTES, saneTime } from "./fields.js";
import { CLF_TIME_LENGTH, parseClfTime } from "./timestamp.js";
import { HASH_SEED, hashByte } from "../core/hash.js";
import { StringPool } from "./intern.js";
import { clearPath, readSection } from "./section.js";

const SPACE = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACKET = 0x5b;
const DASH = 0x2d;

/** Section given to lines whose request line is "-" or empty. */
export const NO_REQUEST_SECTION = "(none)";
/** Section given to lines whose request line is not "METHOD target [protocol]" (TLS bytes, junk). */
export const INVALID_REQUEST_SECTION = "(invalid)";

const MAX_METHOD_LENGTH = 32;

/** Decoded hosts and methods, shared across lines (most lines repeat a recent one). */
const HOSTS = new StringPool("latin1", 13);
const METHODS = new StringPool("latin1", 6);
/** Decoded referrers and user agents: a log repeats a few of them on most of its lines. */
const QUOTED = new StringPool("utf8", 10, 512);

function isTokenByte(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === DASH ||
    c === 0x5f
  );
}

function startsWithHttp(b: Buffer, at: number, end: number): boolean {
  return (
    at + 5 <= end &&
    b[at] === 0x48 &&
    b[at + 1] === 0x54 &&
    b[at + 2] === 0x54 &&
    b[at + 3] === 0x50 &&
    b[at + 4] === 0x2f
  );
}

/** Fills method and section from a request line in [start, end) ("GET /a HTTP/1.1", "-", junk). */
export function readRequest(b: Buffer, start: number, end: number, out: LogRecord): void {
  clearPath(out);
  out.method = "-";
  out.methodHint = -1;
  out.sectionHint = -1;
  if (end === start || (end === start + 1 && b[start] === DASH)) {
    out.section = NO_REQUEST_SECTION;
    return;
  }
  out.section = INVALID_REQUEST_SECTION;
  let k = start;
  let h = HASH_SEED;
  while (k < end && b[k] !== SPACE) {
    const c = b[k] as number;
    if (!isTokenByte(c)) return;
    h = hashByte(h, c);
    k++;
  }
  if (k === start || k - start > MAX_METHOD_LENGTH) return;
  let targetStart = k;
  while (targetStart < end && b[targetStart] === SPACE) targetStart++;
  if (targetStart === end) return;
  let targetEnd = end;
  let lastSpace = end - 1;
  while (lastSpace > targetStart && b[lastSpace] !== SPACE) lastSpace--;
  if (lastSpace > targetStart && startsWithHttp(b, lastSpace + 1, end)) {
    targetEnd = lastSpace;
    while (targetEnd > targetStart && b[targetEnd - 1] === SPACE) targetEnd--;
  }
  out.method = METHODS.hashed(b, start, k, h);
  out.methodHint = h & 0x7fffffff;
  readSection(b, targetStart, targetEnd, out);
}

/** Reads `status bytes[ anything]` from `at` (just after the request's closing quote). */
function readTail(b: Buffer, at: number, end: number, out: LogRecord): ParseErrorReason | null {
  if (b[at] !== SPACE || at + 4 > end) return "bad_status";
  let status = 0;
  for (let i = at + 1; i < at + 4; i++) {
    const d = (b[i] as number) - 48;
    if (d < 0 || d > 9) return "bad_status";
    status = status * 10 + d;
  }
  if (status < 100 || (at + 4 < end && b[at + 4] !== SPACE)) return "bad_status";
  out.status = status;
  let i = at + 5;
  if (i >= end) return "bad_bytes";
  let bytes = 0;
  if (b[i] === DASH) {
    i++;
  } else {
    const first = i;
    while (i < end && i - first < 16) {
      const d = (b[i] as number) - 48;
      if (d < 0 || d > 9) break;
      bytes = bytes * 10 + d;
      i++;
    }
    if (i === first) return "bad_bytes";
  }
  if ((i < end && b[i] !== SPACE) || bytes > MAX_BYTES) return "bad_bytes";
  out.bytes = bytes;
  if ((out.keep & (KEEP_AGENT | KEEP_REFERRER)) !== 0) readQuoted(b, i, end, out);
  return null;
}

/** A quoted field's text and hint, as readQuotedField leaves them. */
const FIELD = { text: "", hint: -1 };

/**
 * A hint for a long field from its length and 16 of its bytes spread over it: cheap, and enough
 * to tell apart the few agents and referrers a log repeats (the pool compares every byte).
 */
function sampledHint(b: Buffer, start: number, end: number): number {
  const length = end - start;
  let h = hashByte(HASH_SEED, length & 0xff);
  for (let i = 0; i < 16; i++) h = hashByte(h, b[start + ((i * length) >> 4)] as number);
  return h & 0x7fffffff;
}

/** A quoted field's text with its \" and \\ escapes undone. */
function unescaped(b: Buffer, start: number, end: number): string {
  return b.toString("utf8", start, end).replace(/\\(["\\])/g, "$1");
}

/**
 * Finds the closing quote of the field opening at b[at] (one not escaped by a backslash) and
 * returns its index, or -1 if none; with `decode`, leaves the field's text (unescaped, "" for
 * "-") and hint in FIELD.
 */
function readQuotedField(b: Buffer, at: number, end: number, decode: boolean): number {
  let escaped = false;
  let close = at;
  for (;;) {
    close = b.indexOf(QUOTE, close + 1);
    if (close < 0 || close >= end) return -1;
    let k = close - 1;
    while (k > at && b[k] === BACKSLASH) k--;
    if (k === close - 1) break;
    escaped = true;
    if ((close - 1 - k) % 2 === 0) break;
  }
  if (!decode) return close;
  if (close - at === 2 && b[at + 1] === DASH) {
    FIELD.text = "";
    FIELD.hint = -1;
  } else {
    FIELD.hint = sampledHint(b, at + 1, close);
    FIELD.text = QUOTED.hashed(b, at + 1, close, FIELD.hint, escaped ? unescaped : undefined);
  }
  return close;
}

/**
 * The referrer and user agent of a Combined line (the two quoted fields after the byte count),
 * those the record keeps; "" for what the line does not have.
 */
function readQuoted(b: Buffer, from: number, end: number, out: LogRecord): void {
  const referrer = (out.keep & KEEP_REFERRER) !== 0;
  const agent = (out.keep & KEEP_AGENT) !== 0;
  if (agent) {
    out.agent = "";
    out.agentHint = -1;
  }
  if (referrer) {
    out.referrer = "";
    out.referrerHint = -1;
  }
  let k = from;
  while (k < end && b[k] === SPACE) k++;
  if (b[k] !== QUOTE) return;
  k = readQuotedField(b, k, end, referrer);
  if (k < 0) return;
  if (referrer) {
    out.referrer = FIELD.text;
    out.referrerHint = FIELD.hint;
  }
  if (!agent) return;
  k++;
  while (k < end && b[k] === SPACE) k++;
  if (b[k] !== QUOTE || readQuotedField(b, k, end, true) < 0) return;
  out.agent = FIELD.text;
  out.agentHint = FIELD.hint;
}

/**
 * Parses one Common or Combined Log Format line in b[start, end) (no line terminator) into
 * `out`, with an optional virtual-host prefix recognised per line. Returns null on success or
 * the reason the line is not one. Fields after the byte count (referer, user agent, extras)
 * are accepted without being read. Never throws.
 */
export function parseClf(
  b: Buffer,
  start: number,
  end: number,
  out: LogRecord,
): ParseErrorReason | null {
  if (start >= end) return "empty";
  let tokens = 0;
  let tokenStart = start;
  let firstEnd = -1;
  let firstHash = HASH_SEED;
  let secondStart = -1;
  let secondEnd = -1;
  let secondHash = HASH_SEED;
  let h = HASH_SEED;
  let bracket = start;
  for (; bracket < end; bracket++) {
    const c = b[bracket] as number;
    if (c === LBRACKET) break;
    if (c !== SPACE) {
      h = hashByte(h, c);
      continue;
    }
    if (bracket === tokenStart) return "bad_prefix";
    tokens++;
    if (tokens === 1) {
      firstEnd = bracket;
      firstHash = h;
    } else if (tokens === 2) {
      secondStart = tokenStart;
      secondEnd = bracket;
      secondHash = h;
    }
    tokenStart = bracket + 1;
    h = HASH_SEED;
  }
  if (bracket === end) return "no_timestamp";
  if (bracket === start || b[bracket - 1] !== SPACE) return "bad_prefix";
  if (tokens === 3) {
    out.vhost = "";
    out.latencyMs = NaN;
    out.host = HOSTS.hashed(b, start, firstEnd, firstHash);
    out.hostHint = firstHash & 0x7fffffff;
  } else if (tokens === 4) {
    out.vhost = HOSTS.hashed(b, start, firstEnd, firstHash);
    out.latencyMs = NaN;
    out.host = HOSTS.hashed(b, secondStart, secondEnd, secondHash);
    out.hostHint = secondHash & 0x7fffffff;
  } else {
    return "bad_prefix";
  }

  if (bracket + CLF_TIME_LENGTH > end) return "bad_timestamp";
  const time = parseClfTime(b, bracket);
  if (!saneTime(time)) return "bad_timestamp";
  out.time = time;

  const quote = bracket + CLF_TIME_LENGTH + 1;
  if (b[quote - 1] !== SPACE || b[quote] !== QUOTE) return "bad_request";
  let reason: ParseErrorReason = "bad_request";
  let j = quote + 1;
  while (j < end) {
    const c = b[j];
    if (c === BACKSLASH) {
      j += 2;
      continue;
    }
    if (c === QUOTE && (j + 1 === end || b[j + 1] === SPACE)) {
      const tail = readTail(b, j + 1, end, out);
      if (tail === null) {
        readRequest(b, quote + 1, j, out);
        return null;
      }
      reason = tail;
    }
    j++;
  }
  return reason;
}
