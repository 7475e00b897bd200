/**
 * What a string was found to be (its family, its number, whether it is external), remembered by
 * the hint its record carries (LogRecord.hostHint, agentHint, …): a direct-mapped cache in front
 * of a slower lookup, so most lines find theirs without hashing the string. The string itself is
 * compared (pooled strings are the same object), so a hint is only ever a hint.
 */
export class HintCache<V> {
  private readonly keys: (string | undefined)[];
  private readonly values: (V | undefined)[];
  private readonly mask: number;

  /** `slots`: a power of two. */
  constructor(slots: number) {
    this.mask = slots - 1;
    this.keys = new Array<string | undefined>(slots).fill(undefined);
    this.values = new Array<V | undefined>(slots).fill(undefined);
  }

  /** What `key` was remembered as under `hint`, or undefined (also when there is no hint, -1). */
  get(key: string, hint: number): V | undefined {
    if (hint < 0) return undefined;
    const slot = hint & this.mask;
    return this.keys[slot] === key ? this.values[slot] : undefined;
  }

  /** Remembers `value` for `key` under `hint` (nothing without a hint). */
  set(key: string, hint: number, value: V): void {
    if (hint < 0) return;
    const slot = hint & this.mask;
    this.keys[slot] = key;
    this.values[slot] = value;
  }

  /** Forgets everything. */
  clear(): void {
    this.keys.fill(undefined);
    this.values.fill(undefined);
  }
}
