import type { TapBatch } from "../ingest/tap.js";

/** Bytes each entry costs: its place, length, time, input and file. */
export const ENTRY_BYTES = 26;

/**
 * The store's entries, oldest first, in rings of typed arrays that grow by doubling up to `max`:
 * one line each, in the text ring or in a file. The store drops the oldest when `roomFor` says
 * there is none (it keeps books of what an entry holds).
 */
export class EntryRing {
  /** Where each line is: in the text ring, or in its file. */
  starts: Float64Array;
  lengths: Int32Array;
  times: Float64Array;
  inputs: Uint16Array;
  /** The backing file of each line, or -1 when it is in the text ring. */
  files: Int32Array;
  first = 0;
  count = 0;
  /** Entries dropped so far: entry k (from the oldest) was the (dropped + k)-th ever added. */
  dropped = 0;

  constructor(public max: number) {
    const initial = Math.min(max, 65536);
    this.starts = new Float64Array(initial);
    this.lengths = new Int32Array(initial);
    this.times = new Float64Array(initial);
    this.inputs = new Uint16Array(initial);
    this.files = new Int32Array(initial);
  }

  /** The slot of the k-th oldest entry. */
  slot(k: number): number {
    const slot = this.first + k;
    return slot < this.starts.length ? slot : slot - this.starts.length;
  }

  /** Adds the newest entry (there is room). */
  add(start: number, length: number, time: number, input: number, file: number): void {
    const slot = this.slot(this.count);
    this.starts[slot] = start;
    this.lengths[slot] = length;
    this.times[slot] = time;
    this.inputs[slot] = input;
    this.files[slot] = file;
    this.count++;
  }

  /** Whether `n` more entries fit, growing the rings as far as they may (n ≤ max). */
  roomFor(n: number): boolean {
    while (this.count + n > this.starts.length) if (!this.grow()) return false;
    return true;
  }

  /**
   * Adds lines [from, to) of a batch, all of file `file` of input `input`, as the newest entries
   * (there is room): copied a run of slots at a time.
   */
  addRange(batch: TapBatch, from: number, to: number, input: number, file: number): void {
    const size = this.starts.length;
    let k = from;
    while (k < to) {
      const slot = this.slot(this.count);
      const n = Math.min(to - k, size - slot);
      this.starts.set(batch.offsets.subarray(k, k + n), slot);
      this.lengths.set(batch.lengths.subarray(k, k + n), slot);
      this.times.set(batch.times.subarray(k, k + n), slot);
      this.inputs.fill(input, slot, slot + n);
      this.files.fill(file, slot, slot + n);
      this.count += n;
      k += n;
    }
  }

  /** Drops the `n` oldest entries (there are as many). */
  dropMany(n: number): void {
    const first = this.first + n;
    this.first = first < this.starts.length ? first : first - this.starts.length;
    this.count -= n;
    this.dropped += n;
  }

  /** Rings of `size` at most from now on; the store dropped what did not fit. */
  limit(size: number): void {
    this.max = size;
    if (this.starts.length > size) this.resize(size);
  }

  /** Doubles the rings (up to max), keeping the order; false when at the limit. */
  private grow(): boolean {
    const size = Math.min(this.max, this.starts.length * 2);
    if (size <= this.starts.length) return false;
    this.resize(size);
    return true;
  }

  private resize(size: number): void {
    const [old, first, count] = [this.starts.length, this.first, this.count];
    // The entries run from `first` to the end of the old rings, then on from their start.
    const tail = Math.min(count, old - first);
    const copy = <T extends Int32Array | Float64Array | Uint16Array>(from: T, to: T): T => {
      to.set(from.subarray(first, first + tail), 0);
      if (count > tail) to.set(from.subarray(0, count - tail), tail);
      return to;
    };
    this.starts = copy(this.starts, new Float64Array(size));
    this.lengths = copy(this.lengths, new Int32Array(size));
    this.times = copy(this.times, new Float64Array(size));
    this.inputs = copy(this.inputs, new Uint16Array(size));
    this.files = copy(this.files, new Int32Array(size));
    this.first = 0;
  }
}
