import { OTHER_KEY } from "./keytable.js";

const FRONT_SLOTS = 64;

/**
 * Hits per request method in one interval: at most `capacity` names (scanners invent many), the
 * rest counted under "(other)". Found by the record's hint first, so the usual few methods cost
 * no hashing.
 */
export class MethodCounts {
  private names: string[] = [];
  private counts: number[] = [];
  private other = 0;
  private readonly front = new Int32Array(FRONT_SLOTS).fill(-1);

  constructor(private readonly capacity: number) {}

  /** Counts one request of method `name`; `hint` is the record's hint for it, or -1. */
  add(name: string, hint: number): void {
    const slot = hint & (FRONT_SLOTS - 1);
    let i = hint >= 0 ? (this.front[slot] as number) : -1;
    if (i < 0 || this.names[i] !== name) {
      i = this.names.indexOf(name);
      if (i < 0 && this.names.length < this.capacity) {
        i = this.names.push(name) - 1;
        this.counts.push(0);
      }
      if (i < 0) {
        this.other++;
        return;
      }
      if (hint >= 0) this.front[slot] = i;
    }
    this.counts[i] = (this.counts[i] as number) + 1;
  }

  /** Method → hits, most first, ties by name; "(other)" among them when it counted any. */
  ranked(): Map<string, number> {
    const entries = this.names.map((name, i): [string, number] => [name, this.counts[i] as number]);
    if (this.other > 0) entries.push([OTHER_KEY, this.other]);
    return new Map(entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
  }

  /** Forgets every method, for the next interval. */
  clear(): void {
    this.names = [];
    this.counts = [];
    this.other = 0;
    this.front.fill(-1);
  }
}
