/** Longest byte run a pool remembers; longer ones are decoded every time. */
const MAX_KEY_BYTES = 48;

/**
 * A fixed-size cache from byte runs to the strings they decode to, so that the hosts, sections
 * and methods repeated on most lines of a log are decoded once and then shared: no per-line
 * allocation, and maps keyed by them hash each string once. Direct-mapped by the byte hash; a
 * colliding run replaces the slot, so memory is fixed whatever the cardinality. A string is kept
 * from its second sighting on. A hit compares
 * the bytes with the cached string itself (one place in memory to touch); a UTF-8 pool caches
 * only ASCII strings, for which bytes and characters are the same.
 */
export class StringPool {
  private readonly mask: number;
  private readonly hashes: Int32Array;
  private readonly strings: string[];

  constructor(
    private readonly encoding: "latin1" | "utf8",
    slotBits: number,
  ) {
    const slots = 1 << slotBits;
    this.mask = slots - 1;
    this.hashes = new Int32Array(slots);
    this.strings = new Array<string>(slots).fill("");
  }

  /**
   * The string that b[start, end) decodes to, given the run's byte hash `h` (computed by the
   * caller's scan); the same string object while it stays cached.
   */
  hashed(b: Buffer, start: number, end: number, h: number): string {
    const length = end - start;
    const slot = (h ^ (h >>> 15)) & this.mask;
    const cached = this.strings[slot] as string;
    if (this.hashes[slot] === h && cached.length === length && length > 0) {
      let i = 0;
      while (i < length && cached.charCodeAt(i) === b[start + i]) i++;
      if (i === length) return cached;
    }
    const value = b.toString(this.encoding, start, end);
    if (length > MAX_KEY_BYTES || (this.encoding === "utf8" && !isAscii(value))) return value;
    if (this.hashes[slot] === h && cached === "") {
      this.strings[slot] = value;
    } else {
      // First sighting: remember the hash only, so keys seen once (a flood of client addresses)
      // are not kept alive by the pool, which costs the collector more than decoding them.
      this.hashes[slot] = h;
      this.strings[slot] = "";
    }
    return value;
  }
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}
