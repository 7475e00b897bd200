/** Identities remembered at most; the oldest go first (a file's identity includes its birth time, so a forgotten one can never be taken for a new file). */
export const KNOWN_CAPACITY = 100_000;

/**
 * Identities of files already read, open, or old at start, which a pattern or a sibling probe
 * must not read from byte 0 again. Bounded: following thousands of short-lived files does not
 * grow it without end.
 */
export class KnownFiles {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = KNOWN_CAPACITY) {}

  /** How many identities are remembered now. */
  get size(): number {
    return this.ids.size;
  }

  has(identity: string): boolean {
    return this.ids.has(identity);
  }

  /** Remembers `identity` as the newest. */
  add(identity: string): void {
    this.ids.delete(identity);
    this.ids.add(identity);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
  }
}
