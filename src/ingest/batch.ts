import { HintCache } from "../core/hint-cache.js";
import type { ErrorSample, LogRecord, ParseErrorReason } from "../core/types.js";
import { emptyRecord } from "../core/types.js";
import { pathOf } from "../stats/run-parts.js";
import { SampleQuota } from "../stats/samples.js";
import type { LineTarget } from "./sink.js";
import type { OffsetFeed } from "./tap.js";
import { BATCH_ENTRIES, Columns, PATH_BYTES, TEXT_BYTES } from "./columns.js";

/** Distinct strings a worker names by number before it starts its dictionary afresh. */
const DICTIONARY_LIMIT = 1 << 16;
/** Characters of those strings before it starts afresh too (long unique paths). */
const DICTIONARY_CHARS = 1 << 22;
/** A UTF-16 surrogate: strings with one cross the threads as UTF-16, the rest as UTF-8. */
const SURROGATE = /[\uD800-\uDFFF]/;

const RECORD = 0;
const DIRECTIVE = 1;
const INVALID = 2;
const NUL_BYTES = 3;

/** Every reason a line can fail (the type makes the list complete), numbered for the batch. */
const REASONS = Object.keys({
  empty: 0,
  oversize: 0,
  bad_prefix: 0,
  no_timestamp: 0,
  bad_timestamp: 0,
  bad_request: 0,
  bad_status: 0,
  bad_bytes: 0,
  bad_latency: 0,
  bad_json: 0,
  no_fields: 0,
  bad_field: 0,
  no_format: 0,
  bad_frame: 0,
  bad_header: 0,
  bad_octet_count: 0,
  partial_frame: 0,
} satisfies Record<ParseErrorReason, 0>) as ParseErrorReason[];
const REASON_INDEX = new Map(REASONS.map((r, i) => [r, i]));

/**
 * What a parsing thread sends the thread that owns the monitor: the calls its LineTarget got,
 * in order, as columns in one of a ring of shared buffers, plus the strings first named in it.
 */
export interface Batch {
  /** The ring buffer holding the columns. */
  slot: number;
  count: number;
  /** The receiver forgets every string named before this batch. */
  reset: boolean;
  /**
   * How many strings the batch names first, numbered from the receiver's dictionary size on
   * (after a reset, from 0); their text is in the buffer, not in the message, so the receiving
   * thread allocates them like any other string (a cloned array of them bloats its heap).
   */
  strings: number;
  /** Example texts of invalid entries, by entry index, where the worker had one to give. */
  samples: [number, ErrorSample][];
  /** Whether each record carries its full path (Columns.pathAt). */
  paths: boolean;
}

/**
 * The parsing thread's LineTarget: writes each call as an entry. Strings are numbered in a
 * dictionary shared by the batches of one input, started afresh once it holds DICTIONARY_LIMIT
 * strings or DICTIONARY_CHARS characters, so neither side's memory depends on how many distinct
 * hosts or paths the log has, nor on how long they are.
 */
export class BatchWriter implements LineTarget {
  private readonly ids = new Map<string, number>();
  private idChars = 0;
  /** Numbers of recent strings by the record's hint. */
  private readonly front = new HintCache<number>(1 << 13);
  private readonly ring: Columns[];
  private filled = 0;
  private cols: Columns | null = null;
  private count = 0;
  private reset = false;
  private strings = 0;
  private textUsed = 0;
  private pathUsed = 0;
  private samples: [number, ErrorSample][] = [];
  private readonly quota = new SampleQuota();

  /**
   * Batches go round `ring`; `waitFree(n)` returns once the n-th batch's buffer (counting from 0)
   * has been read; `flush` receives each full batch (and the last, on `end`). With `paths`, each
   * record carries its full path (the whole run's paths are counted on the receiving thread).
   */
  constructor(
    ring: ArrayBufferLike[],
    private readonly waitFree: (n: number) => void,
    private readonly flush: (batch: Batch) => void,
    private readonly paths = false,
  ) {
    this.ring = ring.map((b) => new Columns(b));
  }

  record(rec: LogRecord, offset = -1, length = 0): void {
    const need = 3 * (rec.host.length + rec.section.length + rec.method.length + rec.vhost.length);
    // The path as the line has it (ASCII, its hash known), else the text it decodes to.
    const bytes = rec.pathHash >= 0 && rec.query === "";
    const path = !this.paths || bytes ? "" : pathOf(rec);
    const pathNeed = !this.paths ? 0 : bytes ? rec.pathEnd - rec.pathStart : 3 * path.length;
    if (this.textUsed + need > TEXT_BYTES || this.pathUsed + pathNeed > PATH_BYTES) this.end();
    const c = this.entry(RECORD);
    const i = this.count - 1;
    c.time[i] = rec.time;
    c.value[i] = rec.bytes;
    c.latency[i] = rec.latencyMs;
    c.offset[i] = offset;
    c.length[i] = length;
    c.agent[i] = rec.agentHash;
    c.host[i] = this.id(rec.host, rec.hostHint);
    c.section[i] = this.id(rec.section, rec.sectionHint);
    c.method[i] = this.id(rec.method, rec.methodHint);
    c.vhost[i] = this.id(rec.vhost, -1);
    c.status[i] = rec.status;
    if (!this.paths) return;
    const at = this.pathUsed;
    c.pathAt[i] = at;
    if (bytes) {
      // Copied byte by byte: a path is short, and Buffer.copy costs more per call than that.
      const from = rec.pathBytes;
      const to = c.paths;
      const start = rec.pathStart;
      const n = rec.pathEnd - start;
      for (let k = 0; k < n; k++) to[at + k] = from[start + k] as number;
      c.pathLength[i] = n;
      c.pathHash[i] = rec.pathHash;
    } else {
      c.pathLength[i] = c.paths.write(path, at, "utf8");
      c.pathHash[i] = -1;
    }
    this.pathUsed += c.pathLength[i] as number;
  }

  directive(): void {
    this.entry(DIRECTIVE);
  }

  invalid(reason: ParseErrorReason, sample: () => ErrorSample): void {
    const c = this.entry(INVALID);
    c.value[this.count - 1] = REASON_INDEX.get(reason) as number;
    if (this.quota.wants(reason)) this.samples.push([this.count - 1, sample()]);
  }

  droppedNul(bytes: number): void {
    this.entry(NUL_BYTES).value[this.count - 1] = bytes;
  }

  /** Sends what is written so far, if anything. */
  end(): void {
    if (this.cols === null) return;
    this.flush({
      slot: (this.filled - 1) % this.ring.length,
      count: this.count,
      reset: this.reset,
      strings: this.strings,
      samples: this.samples,
      paths: this.paths,
    });
    this.cols = null;
  }

  private entry(kind: number): Columns {
    if (this.count === BATCH_ENTRIES) this.end();
    if (this.cols === null) this.begin();
    const cols = this.cols as Columns;
    cols.kind[this.count++] = kind;
    return cols;
  }

  private begin(): void {
    this.waitFree(this.filled);
    this.cols = this.ring[this.filled % this.ring.length] as Columns;
    this.filled++;
    this.count = 0;
    this.strings = 0;
    this.textUsed = 0;
    this.pathUsed = 0;
    this.samples = [];
    this.reset = this.ids.size >= DICTIONARY_LIMIT || this.idChars >= DICTIONARY_CHARS;
    if (this.reset) {
      this.ids.clear();
      this.idChars = 0;
      this.front.clear();
    }
  }

  /** The string's number, found by its hint first (see LogRecord) and by hashing only then. */
  private id(s: string, hint: number): number {
    const recent = this.front.get(s, hint);
    if (recent !== undefined) return recent;
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(s, id);
      this.idChars += s.length;
      const cols = this.cols as Columns;
      // UTF-8 unless the string has a surrogate (only UTF-16 keeps a lone one): one-byte text
      // comes back as a one-byte string, as compact and quick to compare as the parser's own.
      const utf8 = !SURROGATE.test(s);
      this.textUsed += cols.text.write(s, this.textUsed, utf8 ? "utf8" : "utf16le");
      cols.ends[this.strings++] = utf8 ? this.textUsed : -this.textUsed;
    }
    this.front.set(s, hint, id);
    return id;
  }
}

/**
 * The receiving side: replays the entries of each batch, in order, as the same LineTarget calls
 * the parsing thread received, so counting is the same whichever thread parsed.
 */
export class BatchReader {
  private names: string[] = [];
  private readonly rec = emptyRecord();
  private readonly ring: Columns[];

  constructor(ring: ArrayBufferLike[]) {
    this.ring = ring.map((b) => new Columns(b));
  }

  /** Applies `batch` to `target`; its buffer may be reused afterwards. */
  apply(batch: Batch, target: LineTarget): void {
    if (batch.reset) this.names = [];
    const c = this.ring[batch.slot] as Columns;
    let from = 0;
    for (let k = 0; k < batch.strings; k++) {
      const end = c.ends[k] as number;
      const to = Math.abs(end);
      this.names.push(c.text.toString(end < 0 ? "utf16le" : "utf8", from, to));
      from = to;
    }
    const names = this.names;
    const rec = this.rec;
    let sampleAt = 0;
    for (let i = 0; i < batch.count; i++) {
      const kind = c.kind[i];
      if (kind === RECORD) {
        rec.time = c.time[i] as number;
        rec.bytes = c.value[i] as number;
        rec.latencyMs = c.latency[i] as number;
        rec.hostHint = c.host[i] as number;
        rec.sectionHint = c.section[i] as number;
        rec.methodHint = c.method[i] as number;
        rec.host = names[rec.hostHint] as string;
        rec.section = names[rec.sectionHint] as string;
        rec.method = names[rec.methodHint] as string;
        rec.vhost = names[c.vhost[i] as number] as string;
        rec.status = c.status[i] as number;
        rec.agentHash = c.agent[i] as number;
        if (batch.paths) this.path(c, i);
        target.record(rec, c.offset[i] as number, c.length[i] as number);
      } else if (kind === DIRECTIVE) {
        target.directive();
      } else if (kind === INVALID) {
        const reason = REASONS[c.value[i] as number] as ParseErrorReason;
        const sample = batch.samples[sampleAt];
        const own = sample !== undefined && sample[0] === i ? sample[1] : null;
        if (own !== null) sampleAt++;
        target.invalid(reason, () => {
          // The writer keeps as many examples per reason of its input as the monitor ever wants.
          if (own === null) throw new Error(`no example line sent for ${reason}`);
          return own;
        });
      } else {
        target.droppedNul(c.value[i] as number);
      }
    }
  }

  /** Hands `feed` each record's place, length, time and duration, read after `apply`. */
  feedRecords(batch: Batch, feed: OffsetFeed): void {
    const { kind, offset, length, time, latency } = this.ring[batch.slot] as Columns;
    for (let i = 0; i < batch.count; i++) {
      if (kind[i] !== RECORD) continue;
      feed.add(offset[i] as number, length[i] as number, time[i] as number, latency[i] as number);
    }
  }

  /** Leaves entry i's full path in the record, as the parser would (see Columns.pathAt). */
  private path(c: Columns, i: number): void {
    const rec = this.rec;
    const at = c.pathAt[i] as number;
    const end = at + (c.pathLength[i] as number);
    const hash = c.pathHash[i] as number;
    rec.pathBytes = c.paths;
    rec.pathStart = at;
    rec.pathEnd = end;
    rec.pathHash = hash;
    rec.query = "";
    rec.path = hash >= 0 ? "" : c.paths.toString("utf8", at, end);
  }
}
