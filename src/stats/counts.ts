import type { ClassCounts, LineCounts, ParseErrorReason, SourceCounts } from "../core/types.js";

/** A fresh set of line counters. */
export function emptyLineCounts(): LineCounts {
  return { read: 0, parsed: 0, invalid: 0, directives: 0, late: 0, skew: 0 };
}

/** Index of HTTP `status`'s class in ClassCounts (0 for 1xx … 4 for 5xx), or -1 for other codes. */
export function classOf(status: number): number {
  const cls = ((status / 100) | 0) - 1;
  return cls >= 0 && cls < 5 ? cls : -1;
}

/** Adds a request of class `cls` (see classOf) to `classes`; other codes count in none. */
export function countClass(classes: ClassCounts, cls: number): void {
  if (cls >= 0) classes[cls] = (classes[cls] as number) + 1;
}

/** Adds one to `key` of a counting map. */
export function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Counts of unparsed lines by reason, as a new map. */
export type ErrorCounts = Map<ParseErrorReason, number>;

/** A fresh set of source counters. */
export function emptySourceCounts(): SourceCounts {
  return {
    rotations: 0,
    truncations: 0,
    invalidBytes: 0,
    readErrors: 0,
    gaps: 0,
    denied: 0,
    dropped: 0,
  };
}
