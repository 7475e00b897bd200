/** Bytes each stored line costs besides its text (its place, length, time and input). */
const ENTRY_BYTES = 20;

/** Lines gathered at most before they are copied. */
const PENDING = 4096;

/** Where one input's lines are stored: each line, then a flush after each chunk read. */
export interface StoreWriter {
  line(b: Buffer, start: number, end: number, time: number): void;
  flush(): void;
}

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
 * when they are more than `maxAgeS` older than log time (read at each flush).
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
  private pendingBuf: Buffer | null = null;
  private pendingStart = 0;
  private pendingEnd = 0;
  private pendingCount = 0;
  private readonly pOffsets = new Int32Array(PENDING);
  private readonly pLengths = new Int32Array(PENDING);
  private readonly pTimes = new Float64Array(PENDING);
  private readonly pInputs = new Uint16Array(PENDING);
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

  /**
   * A writer for input `name`. Its lines are gathered while they lie in order in one buffer
   * (one chunk read) and copied together at `flush` (after each chunk), so storing costs one copy
   * per chunk and allocates nothing per line.
   */
  writer(name: string): StoreWriter {
    let id = this.names.indexOf(name);
    if (id < 0) id = this.names.push(name) - 1;
    const input = Math.min(id, 65535);
    return {
      line: (b, start, end, time) => this.line(input, b, start, end, time),
      flush: () => this.flush(),
    };
  }

  private line(input: number, b: Buffer, start: number, end: number, time: number): void {
    if (
      b !== this.pendingBuf ||
      start < this.pendingEnd ||
      this.pendingCount === PENDING ||
      end - this.pendingStart > this.data.length / 4
    ) {
      this.flush();
    }
    if (this.pendingCount === 0) {
      this.pendingBuf = b;
      this.pendingStart = start;
    }
    const k = this.pendingCount++;
    this.pOffsets[k] = start - this.pendingStart;
    this.pLengths[k] = end - start;
    this.pTimes[k] = time;
    this.pInputs[k] = input;
    this.pendingEnd = end;
  }

  /** Copies the lines gathered into the ring, making room by dropping the oldest. */
  private flush(): void {
    const n = this.pendingCount;
    const b = this.pendingBuf;
    this.pendingCount = 0;
    this.pendingBuf = null;
    if (n === 0 || b === null) return;
    const length = this.pendingEnd - this.pendingStart;
    if (length > this.data.length) return;
    this.newest = this.logNow() ?? this.newest;
    let at = this.head;
    if (at + length > this.data.length) {
      // Wrap: lines stored after `at` are the oldest; they go before the start is reused.
      while (this.count > 0 && (this.starts[this.first] as number) >= at) this.drop();
      at = 0;
    }
    while (this.count > 0 && this.overlaps(this.first, at, length)) this.drop();
    while (this.count > 0 && (this.times[this.first] as number) < this.newest - this.maxAgeS)
      this.drop();
    b.copy(this.data, at, this.pendingStart, this.pendingEnd);
    for (let k = 0; k < n; k++) {
      if (this.count === this.starts.length && !this.grow()) this.drop();
      const slot = this.slot(this.count);
      this.starts[slot] = at + (this.pOffsets[k] as number);
      this.lengths[slot] = this.pLengths[k] as number;
      this.times[slot] = this.pTimes[k] as number;
      this.inputs[slot] = this.pInputs[k] as number;
      this.count++;
      this.textBytes += this.pLengths[k] as number;
    }
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
