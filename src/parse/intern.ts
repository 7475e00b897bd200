/**
 * A fixed-size cache from byte runs to the strings they decode to, so that the hosts, sections
 * and methods repeated on most lines of a log are decoded once and then shared: no per-line
 * allocation, and maps keyed by them hash each string once. Direct-mapped by the byte hash; a
 * colliding run replaces the slot (after a second chance if the slot's string is in use), so
 * memory is fixed whatever the cardinality. A string is kept from its second sighting on. A hit
 * compares the bytes with the cached string itself (one place in memory to touch); a UTF-8 pool
 * caches only ASCII strings, for which bytes and characters are the same.
 */
export class StringPool {
  private readonly mask: number;
  private readonly hashes: Int32Array;
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
    this.strings = new Array<string>(slots).fill("");
    this.used = new Uint8Array(slots);
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
      if (i === length) {
        this.used[slot] = 1;
        return cached;
      }
    }
    const value = b.toString(this.encoding, start, end);
    if (length > this.maxBytes) return value;
    if (this.hashes[slot] === h && cached === "") {
      if (this.encoding === "latin1" || isAscii(value)) this.strings[slot] = value;
      this.used[slot] = 1;
    } else if (cached !== "" && this.used[slot] === 1) {
      // A string in use keeps its slot through one miss (a second chance), so a flood of runs
      // seen once does not push out the ones most lines repeat.
      this.used[slot] = 0;
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
