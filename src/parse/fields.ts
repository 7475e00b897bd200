import { daysFromCivil, daysInMonth, digits } from "./timestamp.js";

const DASH = 0x2d;

/** Earliest and latest times read (years 1 to 9999): beyond them a time is bad_timestamp, never a date no clock can show. */
export const MIN_TIME_S = -62135596800;
export const MAX_TIME_S = 253402300799;
/** Largest byte count read (2^53 − 1, 8 PiB): a larger one is bad_bytes, not a float. */
export const MAX_BYTES = Number.MAX_SAFE_INTEGER;
/** Longest request time read, ms (a day): a longer or negative one is bad_latency. */
export const MAX_LATENCY_MS = 86_400_000;

/** Whether `t` (epoch seconds) is a time a log can mean. */
export function saneTime(t: number): boolean {
  return t >= MIN_TIME_S && t <= MAX_TIME_S;
}

/** Whether `ms` is a request time a log can mean (NaN, meaning none, is fine too). */
export function saneLatency(ms: number): boolean {
  return Number.isNaN(ms) || (ms >= 0 && ms <= MAX_LATENCY_MS);
}

/**
 * Reads an ISO 8601 time in b[start, end): "2026-11-21T08:00:00Z", "…+01:00", "…+0100",
 * "….123Z", or a space instead of "T"; no zone means UTC. Epoch seconds (whole), or NaN.
 */
export function parseIsoTime(b: Buffer, start: number, end: number): number {
  if (end - start < 19 || b[start + 4] !== DASH || b[start + 7] !== DASH) return NaN;
  const sep = b[start + 10];
  if ((sep !== 0x54 && sep !== 0x20) || b[start + 13] !== 0x3a || b[start + 16] !== 0x3a)
    return NaN;
  const year = digits(b, start, 4);
  const month = digits(b, start + 5, 2);
  const day = digits(b, start + 8, 2);
  const hour = digits(b, start + 11, 2);
  const minute = digits(b, start + 14, 2);
  const second = digits(b, start + 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return NaN;
  let i = start + 19;
  if (b[i] === 0x2e) {
    i++;
    while (i < end && (b[i] as number) >= 0x30 && (b[i] as number) <= 0x39) i++;
  }
  let offset = 0;
  if (i < end && b[i] !== 0x5a) {
    const sign = b[i] === 0x2b ? 1 : b[i] === DASH ? -1 : 0;
    const oh = digits(b, i + 1, 2);
    const om = digits(b, b[i + 3] === 0x3a ? i + 4 : i + 3, 2);
    if (sign === 0 || oh < 0 || om < 0 || oh > 23 || om > 59) return NaN;
    offset = sign * (oh * 3600 + om * 60);
  }
  return daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
}

/** A decimal number ("0.012", "1700000000.123", "42") in b[start, end), or NaN ("-", junk). */
export function parseDecimal(b: Buffer, start: number, end: number): number {
  if (start >= end) return NaN;
  let value = 0;
  let scale = 0;
  for (let i = start; i < end; i++) {
    const c = b[i] as number;
    if (c === 0x2e && scale === 0) {
      scale = 1;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) return NaN;
    if (scale === 0) value = value * 10 + d;
    else value += d / 10 ** scale++;
  }
  return value;
}

/** A three-digit status in b[start, end), or -1. */
export function parseStatus(b: Buffer, start: number, end: number): number {
  if (end - start !== 3) return -1;
  const status = digits(b, start, 3);
  return status >= 100 ? status : -1;
}

/** A byte count: digits, or "-" for none (0); -1 when it is neither. */
export function parseBytes(b: Buffer, start: number, end: number): number {
  if (end - start === 1 && b[start] === DASH) return 0;
  const n = parseDecimal(b, start, end);
  return Number.isInteger(n) && n <= MAX_BYTES ? n : -1;
}
