import type { KeyStats } from "../core/types.js";
import { countClass } from "./counts.js";

/** Key of the row that collects what a full table can no longer hold. */
export const OTHER_KEY = "(other)";

function emptyStats(key: string): KeyStats {
  return { key, hits: 0, classes: [0, 0, 0, 0, 0], bytes: 0 };
}

/** What a top list is ordered by: hits, errors (4xx + 5xx) or bytes sent. */
export type TopOrder = "hits" | "errors" | "bytes";

function measure(s: KeyStats, order: TopOrder): number {
  if (order === "hits") return s.hits;
  if (order === "errors") return s.classes[3] + s.classes[4];
  return s.bytes;
}

/** Order of top lists: more of the measure first, then more hits, then by key (deterministic). */
function ranksBefore(a: KeyStats, b: KeyStats, order: TopOrder): boolean {
  const ma = measure(a, order);
  const mb = measure(b, order);
  if (ma !== mb) return ma > mb;
  return a.hits > b.hits || (a.hits === b.hits && a.key < b.key);
}

/**
 * Per-key hit counters for one interval (sections, hosts), bounded: once `capacity` distinct
 * keys are held, new keys are counted in one "(other)" row, so memory never depends on
 * cardinality. Counts of keys already held stay exact.
 */
export class KeyTable {
  private readonly rows = new Map<string, KeyStats>();
  private other = emptyStats(OTHER_KEY);

  constructor(private readonly capacity: number) {}

  /** Counts one request for `key` with its status and bytes. */
  add(key: string, status: number, bytes: number): void {
    let row = this.rows.get(key);
    if (row === undefined) {
      if (this.rows.size < this.capacity) {
        row = emptyStats(key);
        this.rows.set(key, row);
      } else {
        row = this.other;
      }
    }
    row.hits++;
    row.bytes += bytes;
    countClass(row.classes, status);
  }

  /** The `n` first rows in `order`, and the hits of all the others. */
  top(n: number, order: TopOrder = "hits"): { rows: KeyStats[]; otherHits: number } {
    const best: KeyStats[] = [];
    let total = this.other.hits;
    for (const row of this.rows.values()) {
      total += row.hits;
      if (best.length === n && !ranksBefore(row, best[n - 1] as KeyStats, order)) continue;
      let i = best.length;
      while (i > 0 && ranksBefore(row, best[i - 1] as KeyStats, order)) i--;
      best.splice(i, 0, row);
      if (best.length > n) best.pop();
    }
    const rows = best.map((r): KeyStats => ({ ...r, classes: [...r.classes] }));
    return { rows, otherHits: total - rows.reduce((sum, r) => sum + r.hits, 0) };
  }

  /** Forgets every key, for the next interval. */
  clear(): void {
    this.rows.clear();
    this.other = emptyStats(OTHER_KEY);
  }
}
