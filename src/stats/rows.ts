import type { KeyStats } from "../core/types.js";
import type { LatencySketch } from "./latency.js";

/**
 * A key's counters while the interval runs. `hits`, `classes`, `bytes` and the latency sketch
 * count exactly since the row was started; `error` is what the key may have had before (see
 * KeyTable); `heapKey` is the estimate the eviction heap last filed it under.
 */
export interface Row {
  key: string;
  /** The key's hashKey, kept for the index and the filter when the row is taken over. */
  hash: number;
  hits: number;
  classes: [number, number, number, number, number];
  bytes: number;
  sketch: LatencySketch | null;
  error: number;
  heapKey: number;
  /** The interval (counted by the table) the row counts for. */
  epoch: number;
}

/** A row with nothing counted. */
export function emptyRow(key: string): Row {
  return {
    key,
    hash: 0,
    hits: 0,
    classes: [0, 0, 0, 0, 0],
    bytes: 0,
    sketch: null,
    error: 0,
    heapKey: 0,
    epoch: 0,
  };
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
export function offer(best: Row[], row: Row, n: number, order: TopOrder): void {
  if (best.length === n && !ranksBefore(row, best[n - 1] as Row, order)) return;
  let i = best.length;
  while (i > 0 && ranksBefore(row, best[i - 1] as Row, order)) i--;
  best.splice(i, 0, row);
  if (best.length > n) best.pop();
}

/** The report's copy of a row. */
export function keyStats(r: Row): KeyStats {
  return {
    key: r.key,
    hits: r.hits,
    classes: [...r.classes],
    bytes: r.bytes,
    latency: r.sketch?.summary() ?? null,
    error: r.error,
  };
}

/**
 * The row with the smallest estimate (hits + error) among `heap`, a binary min-heap by heapKey
 * whose keys may be stale (estimates only grow between calls): stale tops are refiled until the
 * top's key is its estimate, which is then no larger than any other row's. Amortised O(log n).
 */
export function smallest(heap: Row[]): Row {
  for (;;) {
    const top = heap[0] as Row;
    const estimate = top.hits + top.error;
    if (estimate === top.heapKey) return top;
    top.heapKey = estimate;
    siftDown(heap, 0);
  }
}

/** Makes `rows` a heap by their current estimates. */
export function heapify(rows: Row[]): void {
  for (const r of rows) r.heapKey = r.hits + r.error;
  for (let i = (rows.length >> 1) - 1; i >= 0; i--) siftDown(rows, i);
}

function siftDown(heap: Row[], at: number): void {
  const n = heap.length;
  const row = heap[at] as Row;
  let i = at;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= n) break;
    const right = left + 1;
    const child =
      right < n && (heap[right] as Row).heapKey < (heap[left] as Row).heapKey ? right : left;
    if ((heap[child] as Row).heapKey >= row.heapKey) break;
    heap[i] = heap[child] as Row;
    i = child;
  }
  heap[i] = row;
}
