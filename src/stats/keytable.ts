import type { KeyStats } from "../core/types.js";
import { countClass } from "./counts.js";
import { LatencySketch } from "./latency.js";

/** A key's counters while the interval runs; the sketch exists once a latency was seen. */
type Row = Omit<KeyStats, "latency"> & { sketch: LatencySketch | null };

/** Key of the row that collects what a full table can no longer hold. */
export const OTHER_KEY = "(other)";

function emptyRow(key: string): Row {
  return { key, hits: 0, classes: [0, 0, 0, 0, 0], bytes: 0, sketch: null };
}

/** What a top list is ordered by: hits, errors (4xx + 5xx) or bytes sent. */
export type TopOrder = "hits" | "errors" | "bytes";

function measure(s: Row, order: TopOrder): number {
  if (order === "hits") return s.hits;
  if (order === "errors") return s.classes[3] + s.classes[4];
  return s.bytes;
}

/** Order of top lists: more of the measure first, then more hits, then by key (deterministic). */
function ranksBefore(a: Row, b: Row, order: TopOrder): boolean {
  const ma = measure(a, order);
  const mb = measure(b, order);
  if (ma !== mb) return ma > mb;
  return a.hits > b.hits || (a.hits === b.hits && a.key < b.key);
}

/** Puts `row` in its place in `best` (the first `n` rows in `order`) if it belongs there. */
function offer(best: Row[], row: Row, n: number, order: TopOrder): void {
  if (best.length === n && !ranksBefore(row, best[n - 1] as Row, order)) return;
  let i = best.length;
  while (i > 0 && ranksBefore(row, best[i - 1] as Row, order)) i--;
  best.splice(i, 0, row);
  if (best.length > n) best.pop();
}

function keyStats(r: Row): KeyStats {
  return {
    key: r.key,
    hits: r.hits,
    classes: [...r.classes],
    bytes: r.bytes,
    latency: r.sketch?.summary() ?? null,
  };
}

/**
 * Per-key hit counters for one interval (sections, hosts), bounded: once `capacity` distinct
 * keys are held, new keys are counted in one "(other)" row, so memory never depends on
 * cardinality. Counts of keys already held stay exact.
 */
export class KeyTable {
  private readonly rows = new Map<string, Row>();
  private other = emptyRow(OTHER_KEY);

  constructor(private readonly capacity: number) {}

  /** Counts one request for `key` with its status class (see classOf), bytes and latency (NaN when unknown). */
  add(key: string, cls: number, bytes: number, latencyMs: number): void {
    let row = this.rows.get(key);
    if (row === undefined) {
      if (this.rows.size < this.capacity) {
        row = emptyRow(key);
        this.rows.set(key, row);
      } else {
        row = this.other;
      }
    }
    row.hits++;
    row.bytes += bytes;
    countClass(row.classes, cls);
    if (latencyMs >= 0) {
      row.sketch ??= new LatencySketch();
      row.sketch.add(latencyMs);
    }
  }

  /** The `n` first rows by hits, by errors and by bytes (one pass), and the hits of all but the first by hits. */
  top(n: number): { hits: KeyStats[]; errors: KeyStats[]; bytes: KeyStats[]; otherHits: number } {
    const best: Record<TopOrder, Row[]> = { hits: [], errors: [], bytes: [] };
    let total = this.other.hits;
    for (const row of this.rows.values()) {
      total += row.hits;
      offer(best.hits, row, n, "hits");
      offer(best.errors, row, n, "errors");
      offer(best.bytes, row, n, "bytes");
    }
    const hits = best.hits.map(keyStats);
    return {
      hits,
      errors: best.errors.map(keyStats),
      bytes: best.bytes.map(keyStats),
      otherHits: total - hits.reduce((sum, r) => sum + r.hits, 0),
    };
  }

  /** Forgets every key, for the next interval. */
  clear(): void {
    this.rows.clear();
    this.other = emptyRow(OTHER_KEY);
  }
}
