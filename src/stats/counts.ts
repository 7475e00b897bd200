import type { ClassCounts, LineCounts, ParseErrorReason, SourceCounts } from "../core/types.js";

/** A fresh set of line counters. */
export function emptyLineCounts(): LineCounts {
  return { read: 0, parsed: 0, invalid: 0, directives: 0, late: 0, skew: 0 };
}

/** Adds a request of HTTP `status` to its class in counts indexed 1xx … 5xx; other codes count in none. */
export function countClass(classes: ClassCounts, status: number): void {
  const cls = Math.floor(status / 100) - 1;
  if (cls >= 0 && cls < 5) classes[cls] = (classes[cls] as number) + 1;
}

/** Adds one to `key` of a counting map. */
export function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Counts of unparsed lines by reason, as a new map. */
export type ErrorCounts = Map<ParseErrorReason, number>;

/** A fresh set of source counters. */
export function emptySourceCounts(): SourceCounts {
  return { rotations: 0, truncations: 0, invalidBytes: 0, readErrors: 0, gaps: 0 };
}
