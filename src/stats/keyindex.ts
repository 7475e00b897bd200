import { HASH_SEED, hashByte } from "../core/hash.js";

/** Slots a new index starts with (a power of two). */
const INITIAL_SLOTS = 64;

/** The index's hash of a key: over its UTF-16 code units, the same for equal strings. */
export function hashKey(key: string): number {
  let h = HASH_SEED;
  for (let i = 0; i < key.length; i++) h = hashByte(h, key.charCodeAt(i));
  return h;
}

/**
 * A string → value index for a key table that is emptied after every interval: open addressing
 * with linear probing in arrays that grow to the busiest interval's size and are then reused.
 * A Map emptied and refilled each interval reallocates its hash table as it grows, and the
 * tables of intervals still open when the collector runs are promoted to the old generation and
 * die there: in a fast replay that was most of the old generation's garbage.
 */
export class KeyIndex<V> {
  private keys = new Array<string | undefined>(INITIAL_SLOTS);
  private values = new Array<V | undefined>(INITIAL_SLOTS);
  private hashes = new Int32Array(INITIAL_SLOTS);
  /** The slots filled since the last clear, each once, so that emptying touches only them. */
  private used = new Int32Array(INITIAL_SLOTS);
  private usedCount = 0;
  /** The clear a slot was last listed in `used` at. */
  private listed = new Int32Array(INITIAL_SLOTS);
  private epoch = 1;
  private count = 0;

  /** Keys held. */
  get size(): number {
    return this.count;
  }

  /** The value of `key` (whose hashKey is `h`, computed once by the caller), or undefined. */
  get(key: string, h: number): V | undefined {
    const mask = this.keys.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const k = this.keys[slot];
      if (k === undefined) return undefined;
      if (this.hashes[slot] === h && k === key) return this.values[slot];
    }
  }

  /**
   * The value of the key that ASCII bytes b[start, end) spell (hashKey `h`), or undefined: found
   * without decoding them.
   */
  getBytes(b: Buffer, start: number, end: number, h: number): V | undefined {
    const mask = this.keys.length - 1;
    const length = end - start;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const k = this.keys[slot];
      if (k === undefined) return undefined;
      if (this.hashes[slot] !== h || k.length !== length) continue;
      let i = 0;
      while (i < length && k.charCodeAt(i) === b[start + i]) i++;
      if (i === length) return this.values[slot];
    }
  }

  /** Holds `value` for `key` (hashKey `h`), which must not be held. */
  add(key: string, h: number, value: V): void {
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    this.place(key, h, value);
    this.count++;
  }

  /** Forgets `key` (held; hashKey `h`), moving later keys of its probe run back to stay reachable. */
  delete(key: string, h: number): void {
    const mask = this.keys.length - 1;
    let hole = h & mask;
    while (this.keys[hole] !== key) hole = (hole + 1) & mask;
    for (let slot = (hole + 1) & mask; this.keys[slot] !== undefined; slot = (slot + 1) & mask) {
      const home = (this.hashes[slot] as number) & mask;
      // It stays unless the hole lies between its home and it (cyclically).
      if (((slot - home) & mask) < ((slot - hole) & mask)) continue;
      this.keys[hole] = this.keys[slot];
      this.values[hole] = this.values[slot];
      this.hashes[hole] = this.hashes[slot] as number;
      hole = slot;
    }
    this.keys[hole] = undefined;
    this.values[hole] = undefined;
    this.count--;
  }

  /** Forgets every key, keeping the arrays. */
  clear(): void {
    for (let i = 0; i < this.usedCount; i++) {
      const slot = this.used[i] as number;
      this.keys[slot] = undefined;
      this.values[slot] = undefined;
    }
    this.usedCount = 0;
    this.count = 0;
    this.epoch++;
  }

  private place(key: string, h: number, value: V): void {
    const mask = this.keys.length - 1;
    let slot = h & mask;
    while (this.keys[slot] !== undefined) slot = (slot + 1) & mask;
    this.keys[slot] = key;
    this.values[slot] = value;
    this.hashes[slot] = h;
    if (this.listed[slot] !== this.epoch) {
      this.listed[slot] = this.epoch;
      this.used[this.usedCount++] = slot;
    }
  }

  private grow(): void {
    const [keys, values, hashes, used, n] = [
      this.keys,
      this.values,
      this.hashes,
      this.used,
      this.usedCount,
    ];
    const size = keys.length * 2;
    this.keys = new Array<string | undefined>(size);
    this.values = new Array<V | undefined>(size);
    this.hashes = new Int32Array(size);
    this.used = new Int32Array(size);
    this.listed = new Int32Array(size);
    this.usedCount = 0;
    for (let i = 0; i < n; i++) {
      const slot = used[i] as number;
      const key = keys[slot];
      if (key !== undefined) this.place(key, hashes[slot] as number, values[slot] as V);
    }
  }
}
