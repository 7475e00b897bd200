/** Bytes each stored line costs besides its text (its place, length, time and input). */
const ENTRY_BYTES = 20;

/** One stored line, as the API returns it. */
export interface StoredLine {
  /** Its own timestamp (epoch seconds). */
  time: number;
  input: string;
  line: string;
}

/** What a query of the store answers: the lines, and whether more matched than the limit. */
export interface LinesAnswer {
  lines: StoredLine[];
  truncated: boolean;
  /** Log time of the oldest line still held, or null when empty: older context is gone. */
  oldest: number | null;
}

/**
 * The recent raw lines, for the API's `lines` and an alert's context: a ring of bytes and a ring
 * of entries allocated once, so that storing a line copies its bytes and allocates nothing, and
 * the memory held never exceeds `maxBytes`. The oldest lines go first, when room is needed or
 * when they are more than `maxAgeS` older than log time (read every 1,024 lines).
 */
export class LineStore {
  private readonly data: Buffer;
  private starts: Int32Array;
  private lengths: Int32Array;
  private times: Float64Array;
  private inputs: Uint16Array;
  private readonly maxEntries: number;
  private readonly names: string[] = [];
  private first = 0;
  private count = 0;
  private head = 0;
  private newest = -Infinity;
  private adds = 0;
  private textBytes = 0;

  constructor(
    readonly maxBytes: number,
    readonly maxAgeS: number,
    /** Log time now (the newest line believed), or null: a line stamped 2099 moves nothing. */
    private readonly logNow: () => number | null,
  ) {
    // Four fifths for text, a fifth for entries: at most maxBytes in all.
    this.data = Buffer.alloc(Math.floor(maxBytes * 0.8));
    this.maxEntries = Math.max(16, Math.floor((maxBytes * 0.2) / ENTRY_BYTES));
    const initial = Math.min(this.maxEntries, 65536);
    this.starts = new Int32Array(initial);
    this.lengths = new Int32Array(initial);
    this.times = new Float64Array(initial);
    this.inputs = new Uint16Array(initial);
  }

  /** Lines held now. */
  get size(): number {
    return this.count;
  }

  /** Bytes held: text, and entries at their cost. */
  get bytes(): number {
    return this.textBytes + this.count * ENTRY_BYTES;
  }

  /** A writer for input `name`: stores b[start, end) with its time, allocating nothing. */
  writer(name: string): (b: Buffer, start: number, end: number, time: number) => void {
    let id = this.names.indexOf(name);
    if (id < 0) id = this.names.push(name) - 1;
    const input = Math.min(id, 65535);
    return (b, start, end, time) => this.add(input, b, start, end, time);
  }

  private add(input: number, b: Buffer, start: number, end: number, time: number): void {
    const length = end - start;
    if (length > this.data.length) return;
    if ((this.adds++ & 1023) === 0) this.newest = this.logNow() ?? this.newest;
    let at = this.head;
    if (at + length > this.data.length) {
      // Wrap: lines stored after `at` are the oldest; they go before the start is reused.
      while (this.count > 0 && (this.starts[this.first] as number) >= at) this.drop();
      at = 0;
    }
    while (this.count > 0 && this.overlaps(this.first, at, length)) this.drop();
    while (this.count > 0 && (this.times[this.first] as number) < this.newest - this.maxAgeS)
      this.drop();
    if (this.count === this.starts.length && !this.grow()) this.drop();
    b.copy(this.data, at, start, end);
    const slot = this.slot(this.count);
    this.starts[slot] = at;
    this.lengths[slot] = length;
    this.times[slot] = time;
    this.inputs[slot] = input;
    this.count++;
    this.textBytes += length;
    this.head = at + length;
  }

  /**
   * Lines with from ≤ time < to and matching `match`, oldest first; at most `limit`, the newest
   * ones when `newest` (the tail of a log), else the oldest (an alert's context from its start).
   */
  query(
    from: number,
    to: number,
    match: RegExp | null,
    limit: number,
    newest: boolean,
  ): LinesAnswer {
    const out: StoredLine[] = [];
    let truncated = false;
    const n = this.count;
    for (let j = 0; j < n; j++) {
      const k = newest ? n - 1 - j : j;
      const slot = this.slot(k);
      const time = this.times[slot] as number;
      if (time < from || time >= to) continue;
      const s = this.starts[slot] as number;
      const line = this.data.toString("utf8", s, s + (this.lengths[slot] as number));
      if (match !== null && !match.test(line)) continue;
      if (out.length === limit) {
        truncated = true;
        break;
      }
      out.push({ time, input: this.names[this.inputs[slot] as number] ?? "", line });
    }
    if (newest) out.reverse();
    return { lines: out, truncated, oldest: n === 0 ? null : (this.times[this.first] as number) };
  }

  private slot(k: number): number {
    return (this.first + k) % this.starts.length;
  }

  private overlaps(slot: number, at: number, length: number): boolean {
    const s = this.starts[slot] as number;
    return s < at + length && s + (this.lengths[slot] as number) > at;
  }

  private drop(): void {
    this.textBytes -= this.lengths[this.first] as number;
    this.first = (this.first + 1) % this.starts.length;
    this.count--;
  }

  /** Doubles the entry rings (up to maxEntries), keeping the order; false when at the limit. */
  private grow(): boolean {
    const size = Math.min(this.maxEntries, this.starts.length * 2);
    if (size === this.starts.length) return false;
    const [old, first, count] = [this.starts.length, this.first, this.count];
    const copy = <T extends Int32Array | Float64Array | Uint16Array>(from: T, to: T): T => {
      for (let k = 0; k < count; k++) to[k] = from[(first + k) % old] as number;
      return to;
    };
    this.starts = copy(this.starts, new Int32Array(size));
    this.lengths = copy(this.lengths, new Int32Array(size));
    this.times = copy(this.times, new Float64Array(size));
    this.inputs = copy(this.inputs, new Uint16Array(size));
    this.first = 0;
    return true;
  }
}
