import type { TapBatch } from "../ingest/tap.js";
import { FileBacking } from "./backing.js";
import { StoreWriter } from "./writer.js";
import { ENTRY_BYTES, EntryRing } from "./entries.js";
import { scanLines, scanNow } from "./scan.js";

/** Lines gathered at most before they are copied. */
const PENDING = 4096;

/** One stored line, as the API returns it. */
export interface StoredLine {
  /** Its own timestamp (epoch seconds). */
  time: number;
  input: string;
  line: string;
}

/** What a query of the store answers: the lines, and whether more matched than the limit. */
export interface LinesAnswer {
  lines: StoredLine[];
  truncated: boolean;
  /** Log time of the oldest line still held, or null when empty: older context is gone. */
  oldest: number | null;
  /** Lines of the range whose file no longer holds them (truncated and rewritten). */
  gone: number;
}

/**
 * The recent raw lines, for the API's `lines` and an alert's context. A line of a regular file is
 * kept as its offset in the file (held open by a `FileBacking`, read back when asked for); any
 * other line (stdin, syslog) is copied into a ring of bytes, allocated when first needed. Entries
 * live in rings too, so storing allocates nothing per line and the memory held never exceeds
 * `maxBytes` (all of it for entries while nothing is copied; four fifths for text once some is).
 * The oldest lines go first, when room is needed or when they are more than `maxAgeS` older than
 * log time (read at each flush).
 */
export class LineStore {
  /** The files lines are kept in (for writers). */
  readonly backing = new FileBacking();
  private data: Buffer | null = null;
  /** The lines held, oldest first (read by scans: scan.ts). */
  readonly entries: EntryRing;
  private readonly names: string[] = [];
  /** Lines held in `data`, and their bytes. */
  private copied = 0;
  private textBytes = 0;
  private head = 0;
  private newest = -Infinity;
  private pendingBuf: Buffer | null = null;
  private pendingStart = 0;
  private pendingEnd = 0;
  private pendingCount = 0;
  private readonly pOffsets = new Int32Array(PENDING);
  private readonly pLengths = new Int32Array(PENDING);
  private readonly pTimes = new Float64Array(PENDING);
  private readonly pInputs = new Uint16Array(PENDING);

  constructor(
    readonly maxBytes: number,
    readonly maxAgeS: number,
    /** Log time now (the newest line believed), or null: a line stamped 2099 moves nothing. */
    private readonly logNow: () => number | null,
  ) {
    this.entries = new EntryRing(Math.max(16, Math.floor(maxBytes / ENTRY_BYTES)));
  }

  /** Lines held now. */
  get size(): number {
    return this.entries.count;
  }

  /** Bytes held: copied text, and entries at their cost. */
  get bytes(): number {
    return this.textBytes + this.entries.count * ENTRY_BYTES;
  }

  /**
   * A writer for input `name`. Lines with a file offset are entered at once; others are gathered
   * while they lie in order in one buffer (one chunk read) and copied together at `flush` (after
   * each chunk), so storing costs one copy per chunk and allocates nothing per line.
   */
  writer(name: string): StoreWriter {
    return new StoreWriter(this, this.inputId(name));
  }

  /** Closes the files held open (the run is over and nothing will be asked). */
  close(): void {
    this.backing.close();
  }

  /** A writer's lines of file `file`, kept as their places there. */
  fileLines(input: number, file: number, batch: TapBatch): void {
    if (this.pendingCount > 0) this.flush();
    const e = this.entries;
    // More lines than the store holds: only the newest would stay.
    const from = Math.max(0, batch.count - e.max);
    const n = batch.count - from;
    // Full rings hold `max` entries: drop what the batch needs of the oldest.
    if (!e.roomFor(n)) this.dropFirst(e.count + n - e.max, Infinity);
    e.addRange(batch, from, batch.count, input, file);
    this.backing.ref(file, n);
  }

  /** A writer's line to copy: gathered, copied at the flush. */
  copyLine(input: number, b: Buffer, start: number, end: number, time: number): void {
    const data = (this.data ??= this.allocText());
    if (
      b !== this.pendingBuf ||
      start < this.pendingEnd ||
      this.pendingCount === PENDING ||
      end - this.pendingStart > data.length / 4
    ) {
      this.flush();
    }
    if (this.pendingCount === 0) {
      this.pendingBuf = b;
      this.pendingStart = start;
    }
    const k = this.pendingCount++;
    this.pOffsets[k] = start - this.pendingStart;
    this.pLengths[k] = end - start;
    this.pTimes[k] = time;
    this.pInputs[k] = input;
    this.pendingEnd = end;
  }

  /** Copies the lines gathered into the ring, then drops the lines past the age bound. */
  flush(): void {
    const n = this.pendingCount;
    const b = this.pendingBuf;
    this.pendingCount = 0;
    this.pendingBuf = null;
    this.newest = this.logNow() ?? this.newest;
    if (n > 0 && b !== null) {
      const at = this.room(this.pendingEnd - this.pendingStart);
      if (at >= 0) {
        b.copy(this.data as Buffer, at, this.pendingStart, this.pendingEnd);
        for (let k = 0; k < n; k++) {
          const start = at + (this.pOffsets[k] as number);
          this.copied1(
            start,
            this.pLengths[k] as number,
            this.pTimes[k] as number,
            this.pInputs[k] as number,
          );
        }
      }
    }
    this.dropFirst(this.entries.count, this.newest - this.maxAgeS);
  }

  /** Stores `text` as one line of input `name`, a final newline left out, without a Buffer. */
  text(name: string, text: string, time: number): void {
    this.flush();
    this.data ??= this.allocText();
    const length = Buffer.byteLength(text);
    const at = this.room(length);
    if (at < 0) return;
    // ASCII text (most reports) is copied as bytes, several times faster than encoding it.
    this.data.write(text, at, length === text.length ? "latin1" : "utf8");
    const stored = text.endsWith("\n") ? length - 1 : length;
    this.copied1(at, stored, time, this.inputId(name));
  }

  /** As scanLines (scan.ts) at once: a store of a few lines (reports, tests). */
  query(
    from: number,
    to: number,
    match: RegExp | null,
    limit: number,
    newest: boolean,
  ): LinesAnswer {
    return scanNow(scanLines(this, from, to, match, limit, newest));
  }

  /** The name of input `id`, as stored lines give it. */
  inputName(id: number): string {
    return this.names[id] ?? "";
  }

  private inputId(name: string): number {
    let id = this.names.indexOf(name);
    if (id < 0) id = this.names.push(name) - 1;
    return Math.min(id, 65535);
  }

  private copied1(start: number, length: number, time: number, input: number): void {
    if (!this.entries.roomFor(1)) this.dropFirst(1, Infinity);
    this.entries.add(start, length, time, input, -1);
    this.copied++;
    this.textBytes += length;
  }

  /** The text ring, four fifths of the bound; entries are cut to the last fifth. */
  private allocText(): Buffer {
    const max = Math.max(16, Math.floor((this.maxBytes * 0.2) / ENTRY_BYTES));
    this.dropFirst(this.entries.count - max, Infinity);
    this.entries.limit(max);
    // Not zeroed (a byte is read only once written): its pages are touched as lines come.
    return Buffer.allocUnsafeSlow(Math.floor(this.maxBytes * 0.8));
  }

  /**
   * Where `length` bytes go next in the text ring (-1 when more than it holds), after dropping
   * the lines in their way (and the older lines before them); the head moves past them.
   */
  private room(length: number): number {
    const data = this.data as Buffer;
    if (length > data.length) return -1;
    const e = this.entries;
    let at = this.head;
    if (at + length > data.length) {
      // Wrap: copied lines stored after `at` are the oldest; they go before the start is reused.
      while (this.copied > 0 && (e.starts[e.slot(this.oldestCopied())] as number) >= at)
        this.dropCopied();
      at = 0;
    }
    while (this.copied > 0 && this.overlaps(e.slot(this.oldestCopied()), at, length))
      this.dropCopied();
    this.head = at + length;
    return at;
  }

  /** The text of the line in `slot`: copied, or read back from its file (null if no longer there). */
  textOf(slot: number): string | null {
    const e = this.entries;
    const s = e.starts[slot] as number;
    const length = e.lengths[slot] as number;
    const file = e.files[slot] as number;
    if (file >= 0) return this.backing.read(file, s, length);
    return (this.data as Buffer).toString("utf8", s, s + length);
  }

  /** The place (from the oldest, 0) of the oldest copied line (there is one). */
  private oldestCopied(): number {
    const e = this.entries;
    let k = 0;
    while ((e.files[e.slot(k)] as number) >= 0) k++;
    return k;
  }

  /** Drops lines from the oldest up to and including the oldest copied one. */
  private dropCopied(): void {
    this.dropFirst(this.oldestCopied() + 1, Infinity);
  }

  /**
   * Drops the `limit` oldest lines at most, those stamped before `time` up to the first that is
   * not (lines come about in time order), with one release per run of a file's lines.
   */
  private dropFirst(limit: number, time: number): void {
    const e = this.entries;
    let n = 0;
    let file = -1;
    let run = 0;
    while (n < limit) {
      const slot = e.slot(n);
      if ((e.times[slot] as number) >= time) break;
      const f = e.files[slot] as number;
      if (f !== file) {
        if (run > 0) this.backing.unref(file, run);
        file = f;
        run = 0;
      }
      if (f >= 0) run++;
      else {
        this.copied--;
        this.textBytes -= e.lengths[slot] as number;
      }
      n++;
    }
    if (run > 0) this.backing.unref(file, run);
    e.dropMany(n);
  }

  private overlaps(slot: number, at: number, length: number): boolean {
    const s = this.entries.starts[slot] as number;
    return s < at + length && s + (this.entries.lengths[slot] as number) > at;
  }
}
