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

/** A share of a whole as a percentage with one decimal: 12.5%. */
export function percent(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : "0.0%";
}

/** An ISO 8601 time made easier to read: a space instead of "T". */
export function readableTime(iso: string): string {
  return iso.replace("T", " ");
}
