import type { FileCounts } from "../core/types.js";

function emptyCounts(file: string): FileCounts {
  return { file, read: 0, parsed: 0, invalid: 0 };
}

/** Line counts of one input, for the current interval and since the start. */
export class FileTally {
  interval: FileCounts;
  readonly total: FileCounts;

  constructor(readonly name: string) {
    this.interval = emptyCounts(name);
    this.total = emptyCounts(name);
  }

  /** Counts a parsed line. */
  parsed(): void {
    this.interval.read++;
    this.interval.parsed++;
    this.total.read++;
    this.total.parsed++;
  }

  /** Counts a format directive line (read, neither parsed nor invalid). */
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
      tally = new FileTally(name);
      this.byName.set(name, tally);
    }
    return tally;
  }

  /** This interval's counts of every input, then starts the next interval. */
  cutInterval(): FileCounts[] {
    return [...this.byName.values()].map((t) => {
      const counts = t.interval;
      t.interval = emptyCounts(t.name);
      return counts;
    });
  }

  /** Counts since the start of every input. */
  totals(): FileCounts[] {
    return [...this.byName.values()].map((t) => ({ ...t.total }));
  }
}
