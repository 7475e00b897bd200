import type { KeyStats } from "../core/types.js";
import { countClass } from "./counts.js";
import { LatencySketch } from "./latency.js";
import { KeyIndex } from "./keyindex.js";
import { emptyRow, heapify, keyStats, offer, smallest, type Row, type TopOrder } from "./rows.js";

/** Key of the row that collects the hits no listed key holds. */
export const OTHER_KEY = "(other)";
/**
 * Longest key a table holds: a longer one (a scanner's 60 KiB path) is cut to this with "…" and
 * counted with the keys that start the same, so the table's memory is bounded too.
 */
export const MAX_KEY_CHARS = 200;
/** Slots of the cache that finds a row by a record's hint before hashing its key. */
const FRONT_SLOTS = 4096;

/** Makes `row` count `key` from nothing, with `error` hits it may have missed. */
function restart(row: Row, key: string, error: number, epoch: number): void {
  row.key = key;
  row.hits = 0;
  row.bytes = 0;
  row.classes[0] = row.classes[1] = row.classes[2] = row.classes[3] = row.classes[4] = 0;
  row.sketch = null;
  row.error = error;
  row.epoch = epoch;
}

/**
 * Per-key counters for one interval (sections, hosts), in at most `capacity` rows, so memory
 * never depends on cardinality. Up to `capacity` distinct keys every count is exact. Past it,
 * the table is a Space-Saving sketch: a new key takes over the row with the smallest estimate
 * (hits + error); that row's exact counts move to "(other)" and the new key starts with `error`
 * = that estimate. The estimates always sum to the interval's hits N, so every `error` is at most
 * N / capacity, and any key with more than N / capacity hits holds a row. Listed counts stay exact
 * lower bounds; listed hits plus "(other)" add up to N.
 */
export class KeyTable {
  private readonly index = new KeyIndex<Row>();
  /** Rows counting now, then those of earlier intervals, reused so none is allocated again. */
  private readonly rows: Row[] = [];
  private live = 0;
  private readonly front = new Array<Row | undefined>(FRONT_SLOTS).fill(undefined);
  private heap: Row[] | null = null;
  private other = emptyRow(OTHER_KEY);
  /** Counts intervals, so the front cache need not be emptied: rows of older ones do not match. */
  private epoch = 0;

  constructor(private readonly capacity: number) {}

  /**
   * Counts one request for `key` with its status class (see classOf), bytes and latency (NaN when
   * unknown). `hint` is the record's hint for the key, or -1.
   */
  add(key: string, hint: number, cls: number, bytes: number, latencyMs: number): void {
    if (key.length > MAX_KEY_CHARS) {
      key = `${key.slice(0, MAX_KEY_CHARS - 1)}…`;
      hint = -1;
    }
    let row: Row | undefined;
    if (hint >= 0) {
      const slot = hint & (FRONT_SLOTS - 1);
      row = this.front[slot];
      if (row === undefined || row.key !== key || row.epoch !== this.epoch) {
        row = this.index.get(key) ?? this.start(key);
        this.front[slot] = row;
      }
    } else {
      row = this.index.get(key) ?? this.start(key);
    }
    row.hits++;
    row.bytes += bytes;
    countClass(row.classes, cls);
    if (latencyMs >= 0) {
      row.sketch ??= new LatencySketch();
      row.sketch.add(latencyMs);
    }
  }

  /**
   * The `n` first rows by hits, and with `allOrders` by errors and by bytes too (one pass), and
   * the hits of all but the first by hits.
   */
  top(
    n: number,
    allOrders = true,
  ): { hits: KeyStats[]; errors: KeyStats[]; bytes: KeyStats[]; otherHits: number } {
    const best: Record<TopOrder, Row[]> = { hits: [], errors: [], bytes: [] };
    let total = this.other.hits;
    for (let i = 0; i < this.live; i++) {
      const row = this.rows[i] as Row;
      total += row.hits;
      offer(best.hits, row, n, "hits");
      if (!allOrders) continue;
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
    this.index.clear();
    this.live = 0;
    this.epoch++;
    this.heap = null;
    this.other = emptyRow(OTHER_KEY);
  }

  /** A row for a key not held: a new one while there is room, else the smallest one taken over. */
  private start(key: string): Row {
    if (this.live < this.capacity) {
      if (this.live === this.rows.length) this.rows.push(emptyRow(key));
      const row = this.rows[this.live++] as Row;
      restart(row, key, 0, this.epoch);
      this.index.add(key, row);
      return row;
    }
    if (this.heap === null) {
      this.heap = this.rows.slice(0, this.live);
      heapify(this.heap);
    }
    const row = smallest(this.heap);
    const other = this.other;
    other.hits += row.hits;
    other.bytes += row.bytes;
    for (let i = 0; i < 5; i++) {
      other.classes[i] = (other.classes[i] as number) + (row.classes[i] as number);
    }
    this.index.delete(row.key);
    restart(row, key, row.error + row.hits, this.epoch);
    this.index.add(key, row);
    return row;
  }
}
