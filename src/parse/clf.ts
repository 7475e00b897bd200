import type { LogRecord, ParseErrorReason } from "../core/types.js";
import { CLF_TIME_LENGTH, parseClfTime } from "./timestamp.js";
import { sectionOf } from "./section.js";

const SPACE = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACKET = 0x5b;
const DASH = 0x2d;

/** Section given to lines whose request line is "-" or empty. */
export const NO_REQUEST_SECTION = "(none)";
/** Section given to lines whose request line is not "METHOD target [protocol]" (TLS bytes, junk). */
export const INVALID_REQUEST_SECTION = "(invalid)";

const KNOWN_METHODS = [
  "GET",
  "POST",
  "HEAD",
  "PUT",
  "DELETE",
  "OPTIONS",
  "PATCH",
  "CONNECT",
  "TRACE",
  "PROPFIND",
  "PROPPATCH",
  "MKCOL",
  "COPY",
  "MOVE",
  "LOCK",
  "UNLOCK",
  "PRI",
].map((name) => ({ name, bytes: Buffer.from(name, "latin1") }));

const MAX_METHOD_LENGTH = 32;

function isTokenByte(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === DASH ||
    c === 0x5f
  );
}

/** The method as a shared string for the usual ones, so most lines allocate nothing for it. */
function methodName(b: Buffer, start: number, end: number): string {
  const length = end - start;
  for (const known of KNOWN_METHODS) {
    if (known.bytes.length !== length) continue;
    let i = 0;
    while (i < length && known.bytes[i] === b[start + i]) i++;
    if (i === length) return known.name;
  }
  return b.toString("latin1", start, end);
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
  out.method = "-";
  if (end === start || (end === start + 1 && b[start] === DASH)) {
    out.section = NO_REQUEST_SECTION;
    return;
  }
  out.section = INVALID_REQUEST_SECTION;
  let k = start;
  while (k < end && b[k] !== SPACE) {
    if (!isTokenByte(b[k] as number)) return;
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
  out.method = methodName(b, start, k);
  out.section = sectionOf(b, targetStart, targetEnd);
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
  if (i < end && b[i] !== SPACE) return "bad_bytes";
  out.bytes = bytes;
  return null;
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
  let bracket = start;
  while (bracket < end && b[bracket] !== LBRACKET) bracket++;
  if (bracket === end) return "no_timestamp";
  if (bracket === start || b[bracket - 1] !== SPACE) return "bad_prefix";

  let tokens = 0;
  let tokenStart = start;
  let firstEnd = -1;
  let secondStart = -1;
  let secondEnd = -1;
  for (let i = start; i < bracket; i++) {
    if (b[i] !== SPACE) continue;
    if (i === tokenStart) return "bad_prefix";
    tokens++;
    if (tokens === 1) firstEnd = i;
    else if (tokens === 2) {
      secondStart = tokenStart;
      secondEnd = i;
    }
    tokenStart = i + 1;
  }
  if (tokens === 3) {
    out.vhost = "";
    out.latencyMs = NaN;
    out.host = b.toString("latin1", start, firstEnd);
  } else if (tokens === 4) {
    out.vhost = b.toString("latin1", start, firstEnd);
    out.latencyMs = NaN;
    out.host = b.toString("latin1", secondStart, secondEnd);
  } else {
    return "bad_prefix";
  }

  if (bracket + CLF_TIME_LENGTH > end) return "bad_timestamp";
  const time = parseClfTime(b, bracket);
  if (Number.isNaN(time)) return "bad_timestamp";
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
