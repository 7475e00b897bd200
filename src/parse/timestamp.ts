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

/** Reads "dd/Mon/yyyy:HH:MM:SS ±hhmm" at `at` (nginx $time_local), epoch seconds or NaN. */
export function parseClfTimeBody(b: Buffer, body: number): number {
  const at = body - 1;
  if (
    b[at + 3] !== 0x2f ||
    b[at + 7] !== 0x2f ||
    b[at + 12] !== 0x3a ||
    b[at + 15] !== 0x3a ||
    b[at + 18] !== 0x3a ||
    b[at + 21] !== 0x20
  ) {
    return NaN;
  }
  const day = digits(b, at + 1, 2);
  const month = MONTHS.get(monthKey(b[at + 4] as number, b[at + 5] as number, b[at + 6] as number));
  const year = digits(b, at + 8, 4);
  const hour = digits(b, at + 13, 2);
  const minute = digits(b, at + 16, 2);
  const second = digits(b, at + 19, 2);
  const sign = b[at + 22] === 0x2b ? 1 : b[at + 22] === 0x2d ? -1 : 0;
  const offH = digits(b, at + 23, 2);
  const offM = digits(b, at + 25, 2);
  if (
    month === undefined ||
    year < 0 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 60 ||
    sign === 0 ||
    offH < 0 ||
    offH > 23 ||
    offM < 0 ||
    offM > 59
  ) {
    return NaN;
  }
  const local = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  return local - sign * (offH * 3600 + offM * 60);
}
