import type {
  ClassCounts,
  FileCounts,
  LogRecord,
  ParseErrorReason,
  SourceEvent,
  Totals,
  WindowSnapshot,
  WindowState,
} from "../core/types.js";
import {
  bump,
  classOf,
  countClass,
  emptyLineCounts,
  emptySourceCounts,
  type ErrorCounts,
} from "./counts.js";
import { KeyTable } from "./keytable.js";
import { LatencySketch } from "./latency.js";
import { MethodCounts } from "./methods.js";

/** Rows per interval for sections and for hosts: exact up to this many distinct keys, a Space-Saving sketch beyond (see KeyTable). */
export const KEY_CAPACITY = 10_000;
/** Distinct methods counted per interval before the rest go to "(other)" (scanners invent many). */
export const METHOD_CAPACITY = 32;

/**
 * What one report interval holds: the parsed lines stamped in it (and those that came after
 * their own interval was reported, as late), and every unparsed line read while it was built. Cleared after each report; memory is bounded by the key
 * tables' capacity, not by the number of lines.
 */
export class IntervalStats {
  private hits = 0;
  private bytes = 0;
  private readonly status = new Float64Array(1000);
  /** The codes counted in `status`, so a report and a clear need not scan all 1,000. */
  private codes: number[] = [];
  private classes: ClassCounts = [0, 0, 0, 0, 0];
  private readonly methods = new MethodCounts(METHOD_CAPACITY);
  private readonly sections = new KeyTable(KEY_CAPACITY);
  private readonly hosts = new KeyTable(KEY_CAPACITY);
  private lines = emptyLineCounts();
  private errors: ErrorCounts = new Map();
  private source = emptySourceCounts();
  private latency: LatencySketch | null = null;
  /** Parsed lines of each input (by its index) stamped in this interval. */
  private fileParsed: number[] = [];

  /** Whether anything at all was read since the last clear. */
  get isEmpty(): boolean {
    return this.lines.read === 0;
  }

  /** The parsed lines it holds of each input, by index. */
  get parsedByFile(): readonly number[] {
    return this.fileParsed;
  }

  /** Counts a parsed line of the input numbered `file`. */
  record(rec: LogRecord, file: number): void {
    this.fileParsed[file] = (this.fileParsed[file] ?? 0) + 1;
    this.hits++;
    this.lines.read++;
    this.lines.parsed++;
    this.bytes += rec.bytes;
    const seen = this.status[rec.status] as number;
    if (seen === 0) this.codes.push(rec.status);
    this.status[rec.status] = seen + 1;
    const cls = classOf(rec.status);
    countClass(this.classes, cls);
    this.methods.add(rec.method, rec.methodHint);
    this.sections.add(rec.section, rec.sectionHint, cls, rec.bytes, rec.latencyMs);
    if (rec.latencyMs >= 0) (this.latency ??= new LatencySketch()).add(rec.latencyMs);
    this.hosts.add(rec.host, rec.hostHint, cls, rec.bytes, NaN);
  }

  /** Counts a line that did not parse. */
  invalid(reason: ParseErrorReason): void {
    this.lines.read++;
    this.lines.invalid++;
    bump(this.errors, reason);
  }

  /** Counts a format directive line. */
  directive(): void {
    this.lines.read++;
    this.lines.directives++;
  }

  /** Counts a parsed line `--filter` left out. */
  filtered(): void {
    this.lines.read++;
    this.lines.filtered = (this.lines.filtered ?? 0) + 1;
  }

  /** Marks an already recorded line as late (it came after its second was judged). */
  late(): void {
    this.lines.late++;
  }

  /** Marks an already recorded line as clock skew (far from its neighbours). */
  skew(): void {
    this.lines.skew++;
  }

  /** Takes over what happened to inputs during `other` (an empty interval merged into this one). */
  takeSource(other: IntervalStats): void {
    for (const key of Object.keys(this.source) as SourceEvent[]) {
      this.source[key] += other.source[key];
    }
  }

  /** Counts something that happened to an input (a rotation, dropped bytes, …). */
  note(event: SourceEvent, count: number): void {
    this.source[event] += count;
  }

  /** The report of [start, end) with the top `top` sections and hosts. */
  snapshot(
    start: number,
    end: number,
    top: number,
    window: WindowState,
    totals: Totals,
    files: FileCounts[],
  ): WindowSnapshot {
    const status = new Map<number, number>();
    for (const code of this.codes.sort((a, b) => a - b))
      status.set(code, this.status[code] as number);
    const sections = this.sections.top(top);
    return {
      start,
      end,
      hits: this.hits,
      bytes: this.bytes,
      status,
      classes: [...this.classes],
      methods: this.methods.ranked(),
      sections: sections.hits,
      otherSectionHits: sections.otherHits,
      sectionsBy: { errors: sections.errors, bytes: sections.bytes },
      hosts: this.hosts.top(top, false).hits,
      latency: this.latency?.summary() ?? null,
      lines: { ...this.lines },
      errors: new Map(this.errors),
      source: { ...this.source },
      files,
      window,
      totals,
    };
  }

  /** Starts the next interval. */
  clear(): void {
    this.hits = 0;
    this.bytes = 0;
    for (const code of this.codes) this.status[code] = 0;
    this.codes = [];
    this.classes = [0, 0, 0, 0, 0];
    this.methods.clear();
    this.sections.clear();
    this.hosts.clear();
    this.lines = emptyLineCounts();
    this.errors = new Map();
    this.source = emptySourceCounts();
    this.latency = null;
    this.fileParsed = [];
  }
}
