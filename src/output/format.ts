/** Whole numbers with thousands separators, the same on every machine: 12,345. */
export function count(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** A byte count in decimal units: 950 B, 12.3 kB, 4.5 MB, 1.2 GB. */
export function bytes(n: number): string {
  const units = ["B", "kB", "MB", "GB", "TB", "PB"];
  let value = n;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * A share of a whole as a percentage with one decimal: 12.5%. A part short of the whole never
 * shows as 100.0% (9,999 of 10,000 is 99.9%), and a part above none never as 0.0% (<0.1%).
 */
export function percent(part: number, whole: number): string {
  if (whole <= 0) return "0.0%";
  const shown = ((100 * part) / whole).toFixed(1);
  if (shown === "100.0" && part < whole) return "99.9%";
  if (shown === "0.0" && part > 0) return "<0.1%";
  return `${shown}%`;
}

/** An ISO 8601 time made easier to read: a space instead of "T". */
export function readableTime(iso: string): string {
  return iso.replace("T", " ");
}

/**
 * A duration in milliseconds with one rule for decimals: one decimal under 10 ms (2.4 ms), whole
 * milliseconds from there (974 ms, 1,872 ms), so a column of figures reads alike.
 */
export function millis(ms: number): string {
  const tenths = Math.round(ms * 10) / 10;
  return tenths < 10 ? `${tenths.toFixed(1)} ms` : `${count(tenths)} ms`;
}
