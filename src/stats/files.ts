import type { FileCounts } from "../core/types.js";

function emptyCounts(file: string): FileCounts {
  return { file, read: 0, parsed: 0, invalid: 0 };
}

/**
 * Line counts of one input since the start, and its unparsed and directive lines read while the
 * current interval is built (its parsed lines are counted by the interval of their timestamp).
 */
export class FileTally {
  interval: FileCounts;
  readonly total: FileCounts;

  constructor(
    readonly name: string,
    /** Its place among the run's inputs, by which intervals count its parsed lines. */
    readonly index: number,
  ) {
    this.interval = emptyCounts(name);
    this.total = emptyCounts(name);
  }

  /** Counts a parsed line (in the totals; the interval it belongs to counts it too). */
  parsed(): void {
    this.total.read++;
    this.total.parsed++;
  }

  /** Counts a format directive line, or one `--filter` left out (read, neither parsed nor invalid). */
  directive(): void {
    this.interval.read++;
    this.total.read++;
  }

  /** Counts a line that did not parse. */
  invalid(): void {
    this.interval.read++;
    this.interval.invalid++;
    this.total.read++;
    this.total.invalid++;
  }
}

/** Every input's tally, one per name, in the order first seen. */
export class FileTallies {
  private readonly byName = new Map<string, FileTally>();

  /** The tally of input `name`, created on first use. */
  get(name: string): FileTally {
    let tally = this.byName.get(name);
    if (tally === undefined) {
      tally = new FileTally(name, this.byName.size);
      this.byName.set(name, tally);
    }
    return tally;
  }

  /**
   * This interval's counts of every input, given the parsed lines the interval holds of each
   * (by index), then starts the next interval.
   */
  cutInterval(parsed: readonly number[]): FileCounts[] {
    return [...this.byName.values()].map((t) => {
      const counts = t.interval;
      const n = parsed[t.index] ?? 0;
      counts.read += n;
      counts.parsed += n;
      t.interval = emptyCounts(t.name);
      return counts;
    });
  }

  /** Counts since the start of every input. */
  totals(): FileCounts[] {
    return [...this.byName.values()].map((t) => ({ ...t.total }));
  }
}
