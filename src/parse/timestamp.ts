/** English month abbreviations, as CLF timestamps write them. */
export const MONTH_NAMES = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
];

function monthKey(c0: number, c1: number, c2: number): number {
  return (c0 << 16) | (c1 << 8) | c2;
}

/** Three-byte month abbreviation, packed into an integer → month number 1-12. */
const MONTHS = new Map<number, number>(
  MONTH_NAMES.map((name, i) => [
    monthKey(name.charCodeAt(0), name.charCodeAt(1), name.charCodeAt(2)),
    i + 1,
  ]),
);

/** The month (1–12) named by the three bytes at `at` ("Dec"), or 0. */
export function monthAt(b: Buffer, at: number): number {
  return MONTHS.get(monthKey(b[at] as number, b[at + 1] as number, b[at + 2] as number)) ?? 0;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Days in a month of a (proleptic Gregorian) year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The decimal number of `count` digits at `at`, or -1 when one is not a digit. */
export function digits(b: Buffer, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = (b[i] as number) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Length of a bracketed CLF timestamp, "[10/Oct/2000:13:55:36 -0700]". */
export const CLF_TIME_LENGTH = 28;

/**
 * Reads a CLF timestamp "[dd/Mon/yyyy:HH:MM:SS ±hhmm]" starting at the "[" at `at`
 * and returns epoch seconds, or NaN when it is not one. The caller checks there are 28 bytes.
 */
export function parseClfTime(b: Buffer, at: number): number {
  return b[at] === 0x5b && b[at + 27] === 0x5d ? parseClfTimeBody(b, at + 1) : NaN;
}

/** Length of a CLF timestamp without brackets, "10/Oct/2000:13:55:36 -0700". */
export const CLF_BODY_LENGTH = 26;

/** Date and zone bytes of the newest timestamp read, and what they stand for (see below). */
const lastDateAndZone = new Uint8Array(16);
let lastBase = NaN;

/** Seconds since the epoch at midnight of "dd/Mon/yyyy" at `at`, corrected by the zone at `zone`. */
function dateBase(b: Buffer, at: number, zone: number): number {
  const day = digits(b, at, 2);
  const month = MONTHS.get(monthKey(b[at + 3] as number, b[at + 4] as number, b[at + 5] as number));
  const year = digits(b, at + 7, 4);
  const sign = b[zone] === 0x2b ? 1 : b[zone] === 0x2d ? -1 : 0;
  const offH = digits(b, zone + 1, 2);
  const offM = digits(b, zone + 3, 2);
  if (
    month === undefined ||
    year < 0 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    sign === 0 ||
    offH < 0 ||
    offH > 23 ||
    offM < 0 ||
    offM > 59
  ) {
    return NaN;
  }
  return daysFromCivil(year, month, day) * 86400 - sign * (offH * 3600 + offM * 60);
}

/**
 * Reads "dd/Mon/yyyy:HH:MM:SS ±hhmm" at `body` (nginx $time_local), epoch seconds or NaN.
 * Consecutive lines almost always share their date and zone, so those are only decoded when
 * their bytes differ from the previous timestamp's.
 */
export function parseClfTimeBody(b: Buffer, body: number): number {
  if (
    b[body + 2] !== 0x2f ||
    b[body + 6] !== 0x2f ||
    b[body + 11] !== 0x3a ||
    b[body + 14] !== 0x3a ||
    b[body + 17] !== 0x3a ||
    b[body + 20] !== 0x20
  ) {
    return NaN;
  }
  const hour = digits(b, body + 12, 2);
  const minute = digits(b, body + 15, 2);
  const second = digits(b, body + 18, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return NaN;
  const known = lastDateAndZone;
  let same = !Number.isNaN(lastBase);
  for (let i = 0; same && i < 11; i++) same = b[body + i] === known[i];
  for (let i = 0; same && i < 5; i++) same = b[body + 21 + i] === known[11 + i];
  if (!same) {
    const base = dateBase(b, body, body + 21);
    if (Number.isNaN(base)) return NaN;
    for (let i = 0; i < 11; i++) known[i] = b[body + i] as number;
    for (let i = 0; i < 5; i++) known[11 + i] = b[body + 21 + i] as number;
    lastBase = base;
  }
  return lastBase + hour * 3600 + minute * 60 + second;
}
