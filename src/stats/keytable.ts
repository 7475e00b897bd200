import type { KeyStats } from "../core/types.js";
import { countClass } from "./counts.js";
import { LatencySketch } from "./latency.js";
import { KeyIndex, hashKey } from "./keyindex.js";
import { emptyRow, heapify, keyStats, offer, smallest, type Row, type TopOrder } from "./rows.js";

/** A table's counts as KeyTable.state gives them. */
export interface TableState {
  keys: string[];
  hashes: number[];
  hits: number[];
  errors: number[];
  other: number;
  filter: Float64Array | null;
  /** The eviction heap: each entry's row (by index) and the estimate it is filed under. */
  heap: [number, number][] | null;
}

/** Key of the row that collects the hits no listed key holds. */
export const OTHER_KEY = "(other)";
/**
 * Longest key a table holds: a longer one (a scanner's 60 KiB path) is cut to this with "…" and
 * counted with the keys that start the same, so the table's memory is bounded too.
 */
export const MAX_KEY_CHARS = 200;
/** Slots of the cache that finds a row by a record's hint before hashing its key. */
const FRONT_SLOTS = 4096;

/**
 * Buckets of a filtered table's filter: sixteen per row (fewer let keys seen once churn the
 * rows), a power of two.
 */
function filterSlots(capacity: number): number {
  let n = 1;
  while (n < capacity * 16) n *= 2;
  return n;
}

/** `key`, or its first MAX_KEY_CHARS - 1 characters and "…" when it is longer. */
function cut(key: string): string {
  return key.length > MAX_KEY_CHARS ? `${key.slice(0, MAX_KEY_CHARS - 1)}…` : key;
}

/** Makes `row` count `key` from nothing, with `error` hits it may have missed. */
function restart(row: Row, key: string, hash: number, error: number, epoch: number): void {
  row.key = key;
  row.hash = hash;
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
 * = that estimate. The estimates always sum to at most the interval's hits N, so every `error`
 * is at most N / capacity, and any key with more than N / capacity hits holds a row. Listed
 * counts stay exact lower bounds; listed hits plus "(other)" add up to N.
 *
 * A `filtered` table (the whole run's, where most new keys are seen once: an id in a path) puts
 * a Filtered Space-Saving filter (Homem and Carvalho, 2010) in front: a key not held counts in
 * its hash bucket of the filter, and takes over the smallest row only once that bucket's count
 * reaches the smallest estimate, with the bucket's count as its error. A bucket's count is at
 * least the hits its keys had while not held (a key taken over leaves its estimate there), so
 * the same bounds hold, and a stream of keys seen once stops churning the rows.
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
  /** The filter's buckets (hits of keys not held, upper bounds), when filtered. */
  private readonly filter: Float64Array | null;

  /** `filtered`: with a filter in front of the rows (see above). */
  constructor(
    private readonly capacity: number,
    filtered = false,
  ) {
    this.filter = filtered ? new Float64Array(filterSlots(capacity)) : null;
  }

  /**
   * Counts one request for `key` with its status class (see classOf), bytes and latency (NaN when
   * unknown). `hint` is the record's hint for the key, or -1.
   */
  add(key: string, hint: number, cls: number, bytes: number, latencyMs: number): void {
    if (key.length > MAX_KEY_CHARS) {
      key = cut(key);
      hint = -1;
    }
    let row: Row | undefined;
    if (hint >= 0) {
      const slot = hint & (FRONT_SLOTS - 1);
      row = this.front[slot];
      if (row === undefined || row.key !== key || row.epoch !== this.epoch) {
        row = this.find(key);
        if (row !== this.other) this.front[slot] = row;
      }
    } else {
      row = this.find(key);
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
    this.filter?.fill(0);
    this.live = 0;
    this.epoch++;
    this.heap = null;
    this.other = emptyRow(OTHER_KEY);
  }

  /**
   * Counts one request for `key`, without class, bytes or latency (the whole run's lists);
   * `hash` is the key's hashKey & 0x7fffffff when known (LogRecord.pathHash), else -1.
   */
  count(key: string, hash: number): void {
    if (key.length > MAX_KEY_CHARS) this.find(cut(key)).hits++;
    else if (hash < 0) this.find(key).hits++;
    else this.find(key, hash).hits++;
  }

  /**
   * The rows' keys, hits and errors, what "(other)" holds and the filter, as plain data that can
   * cross to another thread: the whole run's tables, which count nothing else (count, countBytes).
   */
  state(): TableState {
    const rows = this.rows.slice(0, this.live);
    const at = new Map(rows.map((r, i) => [r, i]));
    return {
      keys: rows.map((r) => r.key),
      hashes: rows.map((r) => r.hash),
      hits: rows.map((r) => r.hits),
      errors: rows.map((r) => r.error),
      other: this.other.hits,
      filter: this.filter?.slice() ?? null,
      // The eviction heap as it stands, so the same row is taken over next whichever thread counts.
      heap: this.heap?.map((r) => [at.get(r) as number, r.heapKey]) ?? null,
    };
  }

  /** Counts from `state` (of a table of the same capacity and kind), forgetting its own. */
  load(state: TableState): void {
    this.clear();
    state.keys.forEach((key, i) => {
      const row = this.take(key, state.hashes[i] as number);
      row.hits = state.hits[i] as number;
      row.error = state.errors[i] as number;
    });
    this.other.hits = state.other;
    if (state.filter !== null) this.filter?.set(state.filter);
    this.heap =
      state.heap?.map(([i, key]) => {
        const row = this.rows[i] as Row;
        row.heapKey = key;
        return row;
      }) ?? null;
  }

  /**
   * As count, for the key that ASCII bytes b[start, end) spell, whose hashKey & 0x7fffffff is
   * `hash`: decoded only if it gets a row (a key seen once in a filtered table never is).
   */
  countBytes(b: Buffer, start: number, end: number, hash: number): void {
    if (end - start > MAX_KEY_CHARS) {
      this.count(b.toString("latin1", start, end), -1);
      return;
    }
    let row = this.index.getBytes(b, start, end, hash);
    if (row === undefined) {
      if (!this.admits(hash)) {
        this.other.hits++;
        return;
      }
      row = this.take(b.toString("latin1", start, end), hash);
    }
    row.hits++;
  }

  /**
   * The row counting `key` (of hashKey & 0x7fffffff `h`): its own, a new one, one taken over, or
   * "(other)" (filtered).
   */
  private find(key: string, h = hashKey(key) & 0x7fffffff): Row {
    return this.index.get(key, h) ?? this.start(key, h);
  }

  /** A row for a key not held (hashKey `h`), or "(other)" when the filter keeps it out. */
  private start(key: string, h: number): Row {
    return this.admits(h) ? this.take(key, h) : this.other;
  }

  /**
   * Whether a key not held, of hashKey `h`, gets a row now: always while there is room or without
   * a filter; else once its filter bucket reaches the smallest estimate (if not, the bucket counts
   * this hit).
   */
  private admits(h: number): boolean {
    const filter = this.filter;
    if (filter === null || this.live < this.capacity) return true;
    const row = smallest(this.minHeap());
    const bucket = h & (filter.length - 1);
    const missed = filter[bucket] as number;
    if (missed + 1 >= row.hits + row.error) return true;
    filter[bucket] = missed + 1;
    return false;
  }

  /** The rows as a heap by estimate, built when the table first fills. */
  private minHeap(): Row[] {
    if (this.heap === null) {
      this.heap = this.rows.slice(0, this.live);
      heapify(this.heap);
    }
    return this.heap;
  }

  /** A row for a key not held (admitted): a new one while there is room, else the smallest. */
  private take(key: string, h: number): Row {
    if (this.live < this.capacity) {
      if (this.live === this.rows.length) this.rows.push(emptyRow(key));
      const row = this.rows[this.live++] as Row;
      restart(row, key, h, 0, this.epoch);
      this.index.add(key, h, row);
      return row;
    }
    const row = smallest(this.minHeap());
    let error = row.error + row.hits;
    const filter = this.filter;
    if (filter !== null) {
      // The row's key leaves its estimate in its bucket; the newcomer's error is its bucket's.
      const mask = filter.length - 1;
      if ((filter[row.hash & mask] as number) < error) filter[row.hash & mask] = error;
      error = filter[h & mask] as number;
    }
    const other = this.other;
    other.hits += row.hits;
    other.bytes += row.bytes;
    for (let i = 0; i < 5; i++) {
      other.classes[i] = (other.classes[i] as number) + (row.classes[i] as number);
    }
    this.index.delete(row.key, row.hash);
    restart(row, key, h, error, this.epoch);
    this.index.add(key, h, row);
    return row;
  }
}
