import { KEEP_PATH, KEEP_PATH_VIEW, KEEP_QUERY, type LogRecord } from "../core/types.js";
import { HASH_SEED, hashByte } from "../core/hash.js";
import { StringPool } from "./intern.js";

const SLASH = 0x2f;
const QUESTION = 0x3f;
const HASH = 0x23;
const COLON = 0x3a;

/** Where the path starts in an absolute-form target ("http://host/x" → index of "/x"), or -1 if none. */
function pathOfAbsoluteForm(b: Buffer, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const c = b[i] as number;
    const isSchemeChar =
      (c >= 0x61 && c <= 0x7a) ||
      (c >= 0x41 && c <= 0x5a) ||
      (i > start && ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e));
    if (!isSchemeChar) break;
    i++;
  }
  if (i === start || i + 3 > end || b[i] !== COLON || b[i + 1] !== SLASH || b[i + 2] !== SLASH) {
    return -1;
  }
  for (let j = i + 3; j < end; j++) {
    const c = b[j];
    if (c === SLASH) return j;
    if (c === QUESTION || c === HASH) return end;
  }
  return end;
}

/** Decoded sections, shared across lines. */
const SECTIONS = new StringPool("utf8", 12);
/** Decoded full paths (--run-stats, rules on paths), shared across lines while they repeat. */
const PATHS = new StringPool("utf8", 14, 200);

function endOfPlainTarget(b: Buffer, start: number, end: number): number {
  for (let j = start; j < end; j++) {
    const c = b[j];
    if (c === QUESTION || c === HASH) return j;
  }
  return end;
}

/** Clears the kept path of `out` (as a line without a request leaves it), when it is kept. */
export function clearPath(out: LogRecord): void {
  if ((out.keep & (KEEP_PATH | KEEP_PATH_VIEW)) === 0) return;
  out.path = out.query = "";
  out.pathHash = out.pathEnd = -1;
}

/** The path "/" of an absolute-form target without one, as a view. */
const ROOT = Buffer.from("/");

/**
 * The full path of a target without its query or fragment, for rules that match on it (an
 * absolute-form target, "http://host/a?b", gives "/a"): decoded with KEEP_PATH, as a view with
 * KEEP_PATH_VIEW; and its query when kept (KEEP_QUERY).
 */
function readPath(b: Buffer, start: number, end: number, out: LogRecord): void {
  let p = start;
  out.query = "";
  out.pathHash = -1;
  if (b[p] !== SLASH) {
    const path = pathOfAbsoluteForm(b, start, end);
    if (path === end) {
      out.path = "/";
      out.pathBytes = ROOT;
      out.pathStart = 0;
      out.pathEnd = 1;
      return;
    }
    if (path >= 0) p = path;
  }
  let j = p;
  let h = HASH_SEED;
  let bits = 0;
  for (; j < end; j++) {
    const c = b[j] as number;
    if (c === QUESTION || c === HASH) break;
    h = hashByte(h, c);
    bits |= c;
  }
  if ((out.keep & KEEP_PATH) !== 0) out.path = PATHS.hashed(b, p, j, h);
  out.pathBytes = b;
  out.pathStart = p;
  out.pathEnd = j;
  // Over ASCII bytes, the byte hash is the string's hashKey.
  out.pathHash = bits < 0x80 ? h & 0x7fffffff : -1;
  if ((out.keep & KEEP_QUERY) === 0 || b[j] !== QUESTION) return;
  const fragment = b.indexOf(HASH, j);
  out.query = b.toString("utf8", j, fragment < 0 || fragment > end ? end : fragment);
}

/**
 * The section of a request target: what is before the second "/" of its path, query and
 * fragment dropped ("/api/user?x" → "/api"); absolute-form targets are reduced to their path;
 * other forms ("*", "host:443") keep their text up to any query. The target is never empty.
 */
export function readSection(b: Buffer, start: number, end: number, out: LogRecord): void {
  out.sectionHint = -1;
  if ((out.keep & (KEEP_PATH | KEEP_PATH_VIEW)) !== 0) readPath(b, start, end, out);
  let p = start;
  if (b[p] !== SLASH) {
    const path = pathOfAbsoluteForm(b, start, end);
    if (path < 0) {
      out.section = b.toString("utf8", start, endOfPlainTarget(b, start, end));
      return;
    }
    if (path === end) {
      out.section = "/";
      return;
    }
    p = path;
  }
  let h = hashByte(HASH_SEED, SLASH);
  let j = p + 1;
  while (j < end) {
    const c = b[j] as number;
    if (c === SLASH || c === QUESTION || c === HASH) break;
    h = hashByte(h, c);
    j++;
  }
  if (j === p + 1) {
    out.section = "/";
  } else {
    out.section = SECTIONS.hashed(b, p, j, h);
    out.sectionHint = h & 0x7fffffff;
  }
}
