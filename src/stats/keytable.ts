import type { KeyStats } from "../core/types.js";
import { countClass } from "./counts.js";

/** Key of the row that collects what a full table can no longer hold. */
export const OTHER_KEY = "(other)";

function emptyStats(key: string): KeyStats {
  return { key, hits: 0, classes: [0, 0, 0, 0, 0], bytes: 0 };
}

/** Order of top lists: more hits first, then by key so that output is deterministic. */
function ranksBefore(a: KeyStats, b: KeyStats): boolean {
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

  /** The `n` rows with most hits (ties by key), and the hits of all the others. */
  top(n: number): { rows: KeyStats[]; otherHits: number } {
    const best: KeyStats[] = [];
    let total = this.other.hits;
    for (const row of this.rows.values()) {
      total += row.hits;
      if (best.length === n && !ranksBefore(row, best[n - 1] as KeyStats)) continue;
      let i = best.length;
      while (i > 0 && ranksBefore(row, best[i - 1] as KeyStats)) i--;
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
