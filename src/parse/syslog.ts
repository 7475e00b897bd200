import { parseIsoTime } from "./fields.js";
import { monthAt } from "./timestamp.js";

const LT = 0x3c;
const GT = 0x3e;
const SP = 0x20;
const COLON = 0x3a;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const DASH = 0x2d;

/** Why a frame is no syslog message; counted like the reasons a line does not parse. */
export type SyslogProblem = "bad_frame" | "bad_header";

/**
 * Where the parts of one syslog message (RFC 3164 or RFC 5424) lie in its buffer, as byte
 * offsets; one instance is filled in place per message, so reading one allocates nothing.
 */
export class SyslogMessage {
  /** Facility × 8 + severity. */
  pri = 0;
  /** 1 for RFC 5424, 0 for BSD syslog (RFC 3164 and what nginx and rsyslog write). */
  version = 0;
  /** The header's timestamp, or -1 when it has none ("-", or a BSD frame without one). */
  timeStart = -1;
  timeEnd = -1;
  /** HOSTNAME, or -1 when the frame has none ("-", or a BSD frame with only a tag). */
  hostStart = -1;
  hostEnd = -1;
  /** APP-NAME, or the BSD tag without its "[pid]:"; -1 when absent. */
  appStart = -1;
  appEnd = -1;
  /** The message itself (the access-log line), without a BOM or the spaces before it. */
  msgStart = 0;
  msgEnd = 0;
}

/** Reads one syslog message in b[start, end) into `m`; null, or why it is not one. */
export function parseSyslog(
  b: Buffer,
  start: number,
  end: number,
  m: SyslogMessage,
): SyslogProblem | null {
  if (b[start] !== LT) return "bad_frame";
  let i = start + 1;
  let pri = 0;
  while (i < end && i <= start + 4 && isDigit(b[i])) pri = pri * 10 + (b[i++] as number) - 0x30;
  if (i === start + 1 || i >= end || b[i] !== GT || pri > 191) return "bad_frame";
  m.pri = pri;
  m.timeStart = m.hostStart = m.appStart = -1;
  i++;
  if (b[i] === 0x31 && b[i + 1] === SP) return rfc5424(b, i + 2, end, m);
  m.version = 0;
  return bsd(b, i, end, m);
}

/** VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP SD [SP MSG], after "1 ". */
function rfc5424(b: Buffer, i: number, end: number, m: SyslogMessage): SyslogProblem | null {
  m.version = 1;
  for (let field = 0; field < 5; field++) {
    const sp = b.indexOf(SP, i);
    if (sp < 0 || sp >= end || sp === i) return "bad_header";
    if (field === 0 && !(sp === i + 1 && b[i] === DASH)) [m.timeStart, m.timeEnd] = [i, sp];
    if (field === 1 && !(sp === i + 1 && b[i] === DASH)) [m.hostStart, m.hostEnd] = [i, sp];
    if (field === 2 && !(sp === i + 1 && b[i] === DASH)) [m.appStart, m.appEnd] = [i, sp];
    i = sp + 1;
  }
  if (b[i] === DASH) i++;
  else if (b[i] === LBRACKET) {
    while (b[i] === LBRACKET) {
      i = elementEnd(b, i + 1, end);
      if (i < 0) return "bad_header";
    }
  } else return "bad_header";
  if (i < end && b[i] !== SP) return "bad_header";
  i++;
  if (b[i] === 0xef && b[i + 1] === 0xbb && b[i + 2] === 0xbf) i += 3;
  return message(b, i, end, m);
}

/** Where one SD-ELEMENT that began before `i` ends (after its "]"), quoted values and all; or -1. */
function elementEnd(b: Buffer, i: number, end: number): number {
  let quoted = false;
  for (; i < end; i++) {
    const c = b[i];
    if (quoted) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) quoted = false;
    } else if (c === QUOTE) quoted = true;
    else if (c === RBRACKET) return i + 1;
  }
  return -1;
}

/**
 * BSD syslog after the PRI: "Mmm dd hh:mm:ss" or an ISO 8601 time (rsyslog's forward format),
 * HOSTNAME, then a tag ("nginx:", "nginx[12]:") before the message. A frame without a time has
 * no hostname; a word that ends in ":" right after the time is a tag, not a host.
 */
function bsd(b: Buffer, i: number, end: number, m: SyslogMessage): SyslogProblem | null {
  const stamp = bsdTimeEnd(b, i, end);
  if (stamp > 0) {
    [m.timeStart, m.timeEnd] = [i, stamp];
    i = stamp;
    while (b[i] === SP && i < end) i++;
    const sp = wordEnd(b, i, end);
    if (!isTag(b, i, sp) && sp < end) {
      [m.hostStart, m.hostEnd] = [i, sp];
      i = sp + 1;
    }
  }
  const tagEnd = wordEnd(b, i, end);
  if (isTag(b, i, tagEnd)) {
    let name = i;
    while (name < tagEnd && b[name] !== LBRACKET && b[name] !== COLON) name++;
    [m.appStart, m.appEnd] = [i, name];
    i = tagEnd;
  }
  return message(b, i, end, m);
}

/** The message from `i`: the spaces before it skipped, a newline or CR after it dropped. */
function message(b: Buffer, i: number, end: number, m: SyslogMessage): null {
  while (i < end && b[i] === SP) i++;
  while (end > i && (b[end - 1] === 0x0a || b[end - 1] === 0x0d)) end--;
  m.msgStart = i;
  m.msgEnd = end;
  return null;
}

/** Where a word (up to a space or the end) ends. */
function wordEnd(b: Buffer, i: number, end: number): number {
  const sp = b.indexOf(SP, i);
  return sp < 0 || sp > end ? end : sp;
}

/** Whether b[i, e) is a tag: a word that ends in ":" ("nginx:", "nginx[123]:"). */
function isTag(b: Buffer, i: number, e: number): boolean {
  return e > i + 1 && b[e - 1] === COLON;
}

/** The end of a BSD time at `i` ("Dec  1 10:00:00", or ISO 8601 up to a space), or -1. */
function bsdTimeEnd(b: Buffer, i: number, end: number): number {
  if (i + 15 <= end && b[i + 3] === SP && b[i + 9] === COLON && b[i + 12] === COLON) {
    return monthAt(b, i) > 0 ? i + 15 : -1;
  }
  if (i + 19 <= end && b[i + 4] === DASH && b[i + 7] === DASH && isDigit(b[i])) {
    return wordEnd(b, i, end);
  }
  return -1;
}

/**
 * The header's time as epoch seconds, or NaN: the log line's own timestamp is the clock, this is
 * only for formats without one. A BSD time has no year and no zone: it is read in the local
 * zone, in the year that puts it nearest to `now` (December's lines read in January).
 */
export function syslogTime(b: Buffer, m: SyslogMessage, now: number): number {
  if (m.timeStart < 0) return NaN;
  const at = m.timeStart;
  if (m.version === 1 || b[at + 4] === DASH) return parseIsoTime(b, at, m.timeEnd);
  const month = monthAt(b, at) - 1;
  const day = twoDigits(b, at + 4);
  const [hour, minute, second] = [
    twoDigits(b, at + 7),
    twoDigits(b, at + 10),
    twoDigits(b, at + 13),
  ];
  if (month < 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return NaN;
  if (Number.isNaN(hour + minute + second)) return NaN;
  const year = new Date(now * 1000).getUTCFullYear();
  let best = NaN;
  for (const y of [year - 1, year, year + 1]) {
    const local = new Date(y, month, day, hour, minute, second).getTime() / 1000;
    if (Number.isNaN(best) || Math.abs(local - now) < Math.abs(best - now)) best = local;
  }
  return best;
}

/** Two digits at `i`, a leading space allowed ("Dec  1"); NaN if not. */
function twoDigits(b: Buffer, i: number): number {
  const hi = b[i] === SP ? 0 : (b[i] as number) - 0x30;
  const lo = (b[i + 1] as number) - 0x30;
  if (hi < 0 || hi > 9 || lo < 0 || lo > 9) return NaN;
  return hi * 10 + lo;
}

/** Whether c is an ASCII digit. */
function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}
