import type {
  FileCounts,
  LogRecord,
  ParseErrorReason,
  SourceEvent,
  Totals,
} from "../core/types.js";
import { bump, classOf, countClass, emptyLineCounts, emptySourceCounts } from "./counts.js";

/** Running totals since the start of the run; fixed size whatever is read. */
export class TotalsCounter {
  private readonly value: Totals = {
    lines: emptyLineCounts(),
    hits: 0,
    bytes: 0,
    classes: [0, 0, 0, 0, 0],
    errors: new Map(),
    source: emptySourceCounts(),
    files: [],
    first: null,
    last: null,
  };

  /** Newest accepted log time, or null before any line. */
  get last(): number | null {
    return this.value.last;
  }

  /** Counts a parsed line. */
  record(rec: LogRecord): void {
    const v = this.value;
    v.lines.read++;
    v.lines.parsed++;
    v.hits++;
    v.bytes += rec.bytes;
    countClass(v.classes, classOf(rec.status));
  }

  /** Counts a line that did not parse. */
  invalid(reason: ParseErrorReason): void {
    this.value.lines.read++;
    this.value.lines.invalid++;
    bump(this.value.errors, reason);
  }

  /** Counts a format directive line. */
  directive(): void {
    this.value.lines.read++;
    this.value.lines.directives++;
  }

  /** Counts a parsed line `--filter` left out. */
  filtered(): void {
    this.value.lines.read++;
    this.value.lines.filtered = (this.value.lines.filtered ?? 0) + 1;
  }

  /** Marks an already recorded line as late. */
  late(): void {
    this.value.lines.late++;
  }

  /** Marks an already recorded line as clock skew. */
  skew(): void {
    this.value.lines.skew++;
  }

  /** Counts something that happened to an input. */
  note(event: SourceEvent, count: number): void {
    this.value.source[event] += count;
  }

  /** Widens the span of accepted log time to include second `t`. */
  accepted(t: number): void {
    const v = this.value;
    if (v.first === null || t < v.first) v.first = t;
    if (v.last === null || t > v.last) v.last = t;
  }

  /** A copy that later counting does not change, with the inputs' counts since the start. */
  snapshot(files: FileCounts[]): Totals {
    const v = this.value;
    return {
      ...v,
      lines: { ...v.lines },
      classes: [...v.classes],
      errors: new Map(v.errors),
      source: { ...v.source },
      files,
    };
  }
}
