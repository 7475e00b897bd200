// The layout of one batch between the parsing and the counting thread (see batch.ts): columns
// of numbers per entry, then the text of the strings the batch names first.

/** Entries per batch: about 1.4 MiB of Combined log. */
export const BATCH_ENTRIES = 1 << 13;
/**
 * Bytes of new strings a batch carries. A record's strings come from one line (at most 64 KiB,
 * so 64 Ki characters) and take at most 3 bytes per character, so one record always fits.
 */
export const TEXT_BYTES = 1 << 19;
/**
 * Bytes of full paths a batch carries (when the whole run's paths are counted on the receiving
 * side): a record's path takes at most 3 bytes per character of a 64 KiB line, so one fits.
 */
export const PATH_BYTES = 1 << 20;
/** Strings a record carries across: host, section, method, vhost. */
const STRINGS_PER_RECORD = 4;

/** Column views over one batch buffer (Float64 columns first, for alignment). */
export class Columns {
  readonly time: Float64Array;
  readonly value: Float64Array;
  readonly latency: Float64Array;
  /** Where a record's line lies in its file (-1: not a file), and its length. */
  readonly offset: Float64Array;
  readonly length: Int32Array;
  /** The agent's hash for unique visitors (LogRecord.agentHash). */
  readonly agent: Int32Array;
  readonly host: Int32Array;
  readonly section: Int32Array;
  readonly method: Int32Array;
  readonly vhost: Int32Array;
  /**
   * A record's full path in `paths` (start, length) and LogRecord.pathHash: its bytes as the
   * line had them, or, with a hash of -1, the UTF-8 of the path it decoded to (see BatchWriter).
   */
  readonly pathAt: Int32Array;
  readonly pathLength: Int32Array;
  readonly pathHash: Int32Array;
  readonly status: Uint16Array;
  readonly kind: Uint8Array;
  /** End offset in `text` of each new string, negative when it is UTF-16 rather than UTF-8. */
  readonly ends: Int32Array;
  /** The new strings' text. */
  readonly text: Buffer;
  /** The records' full paths, when carried. */
  readonly paths: Buffer;

  constructor(buffer: ArrayBufferLike) {
    const n = BATCH_ENTRIES;
    this.time = new Float64Array(buffer, 0, n);
    this.value = new Float64Array(buffer, 8 * n, n);
    this.latency = new Float64Array(buffer, 16 * n, n);
    this.offset = new Float64Array(buffer, 24 * n, n);
    this.host = new Int32Array(buffer, 32 * n, n);
    this.section = new Int32Array(buffer, 36 * n, n);
    this.method = new Int32Array(buffer, 40 * n, n);
    this.vhost = new Int32Array(buffer, 44 * n, n);
    this.length = new Int32Array(buffer, 48 * n, n);
    this.agent = new Int32Array(buffer, 52 * n, n);
    this.pathAt = new Int32Array(buffer, 56 * n, n);
    this.pathLength = new Int32Array(buffer, 60 * n, n);
    this.pathHash = new Int32Array(buffer, 64 * n, n);
    this.status = new Uint16Array(buffer, 68 * n, n);
    this.kind = new Uint8Array(buffer, 70 * n, n);
    this.ends = new Int32Array(buffer, COLUMN_BYTES * n, STRINGS_PER_RECORD * n);
    const text = (COLUMN_BYTES + 4 * STRINGS_PER_RECORD) * n;
    this.text = Buffer.from(buffer, text, TEXT_BYTES);
    this.paths = Buffer.from(buffer, text + TEXT_BYTES, PATH_BYTES);
  }
}

/** Bytes per entry of the columns before the new strings' ends (a multiple of 4). */
const COLUMN_BYTES = 72;

/** Buffers for a ring of `n` batches, shared between the threads. */
export function batchRing(n: number): SharedArrayBuffer[] {
  const columns = (COLUMN_BYTES + 4 * STRINGS_PER_RECORD) * BATCH_ENTRIES;
  return Array.from({ length: n }, () => new SharedArrayBuffer(columns + TEXT_BYTES + PATH_BYTES));
}
