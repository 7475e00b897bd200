/**
 * A fixed-size cache from byte runs to the strings they decode to, so that the hosts, sections
 * and methods repeated on most lines of a log are decoded once and then shared: no per-line
 * allocation, and maps keyed by them hash each string once. Direct-mapped by the byte hash; a
 * colliding run replaces the slot (after a second chance if the slot's string is in use), so
 * memory is fixed whatever the cardinality. A string is kept from its second sighting on. Each
 * slot keeps a copy of its run's bytes, and a hit compares them four bytes at a time (half the
 * time of comparing a host's characters one by one); a string may be decoded another way
 * (unescaped).
 */
export class StringPool {
  /** Each slot's bytes (maxBytes apiece), once it caches one. */
  private bytes: DataView | null = null;
  /** A view of the last buffer looked up in (the chunk being parsed). */
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private viewOf: Buffer | null = null;
  private readonly mask: number;
  private readonly hashes: Int32Array;
  /** Byte length of each slot's run. */
  private readonly lengths: Int32Array;
  private readonly strings: string[];
  /** Whether a slot's string was hit since its last miss (see hashed). */
  private readonly used: Uint8Array;

  /** `maxBytes`: the longest byte run remembered; longer ones are decoded every time. */
  constructor(
    private readonly encoding: "latin1" | "utf8",
    slotBits: number,
    private readonly maxBytes = 48,
  ) {
    const slots = 1 << slotBits;
    this.mask = slots - 1;
    this.hashes = new Int32Array(slots);
    this.lengths = new Int32Array(slots);
    this.strings = new Array<string>(slots).fill("");
    this.used = new Uint8Array(slots);
  }

  /**
   * The string that b[start, end) decodes to (by `decode` when given),
   * given the run's byte hash `h` (computed by the caller's scan); the same string object while
   * it stays cached.
   */
  hashed(b: Buffer, start: number, end: number, h: number, decode?: Decode): string {
    const length = end - start;
    const slot = (h ^ (h >>> 15)) & this.mask;
    const cached = this.strings[slot] as string;
    if (this.hashes[slot] === h && this.lengths[slot] === length && cached !== "") {
      if (this.sameWords(b, start, length, slot)) {
        this.used[slot] = 1;
        return cached;
      }
    }
    const value =
      decode !== undefined ? decode(b, start, end) : b.toString(this.encoding, start, end);
    if (length > this.maxBytes) return value;
    if (this.hashes[slot] === h && this.lengths[slot] === length && cached === "") {
      this.bytes ??= new DataView(new ArrayBuffer(this.strings.length * this.maxBytes));
      b.copy(new Uint8Array(this.bytes.buffer, slot * this.maxBytes, length), 0, start, end);
      this.strings[slot] = value;
      this.used[slot] = 1;
    } else if (cached !== "" && this.used[slot] === 1) {
      // A string in use keeps its slot through one miss (a second chance), so a flood of runs
      // seen once does not push out the ones most lines repeat.
      this.used[slot] = 0;
    } else {
      // First sighting: remember the hash only, so keys seen once (a flood of client addresses)
      // are not kept alive by the pool, which costs the collector more than decoding them.
      this.hashes[slot] = h;
      this.lengths[slot] = length;
      this.strings[slot] = "";
    }
    return value;
  }

  /** Whether b[start, start + length) holds slot's copied bytes (compared by words). */
  private sameWords(b: Buffer, start: number, length: number, slot: number): boolean {
    if (b !== this.viewOf) {
      this.view = new DataView(b.buffer, b.byteOffset, b.length);
      this.viewOf = b;
    }
    const view = this.view;
    const bytes = this.bytes as DataView;
    const base = slot * this.maxBytes;
    let i = 0;
    for (; i + 8 <= length; i += 8) {
      if (view.getInt32(start + i) !== bytes.getInt32(base + i)) return false;
      if (view.getInt32(start + i + 4) !== bytes.getInt32(base + i + 4)) return false;
    }
    for (; i + 4 <= length; i += 4) {
      if (view.getInt32(start + i) !== bytes.getInt32(base + i)) return false;
    }
    for (; i < length; i++) if (view.getUint8(start + i) !== bytes.getUint8(base + i)) return false;
    return true;
  }
}

/** How a pool may decode a run (b[start, end)) other than as plain text (unescaping it). */
export type Decode = (b: Buffer, start: number, end: number) => string;
