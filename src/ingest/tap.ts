import type { LogRecord } from "../core/types.js";

/** Lines a batch holds at most before it is handed over. */
const BATCH_LINES = 4096;

/**
 * Parsed lines of a file gathered for a tap while a chunk is parsed: where each lies in the file,
 * its length, time and duration (NaN when unknown). Handed over once per chunk, so a tap costs
 * parsing four stores per line instead of a call.
 */
export class TapBatch {
  readonly offsets = new Float64Array(BATCH_LINES);
  readonly lengths = new Int32Array(BATCH_LINES);
  readonly times = new Float64Array(BATCH_LINES);
  readonly latencies = new Float64Array(BATCH_LINES);
  count = 0;
  /** Whether any line gathered carries a duration (most formats carry none). */
  timed = false;

  /** Whether another line fits. */
  get full(): boolean {
    return this.count === BATCH_LINES;
  }

  /** Adds the line at `offset` of the file, `length` bytes, with its time and duration. */
  add(offset: number, length: number, time: number, latencyMs: number): void {
    const k = this.count++;
    this.offsets[k] = offset;
    this.lengths[k] = length;
    this.times[k] = time;
    this.latencies[k] = latencyMs;
    if (latencyMs >= 0) this.timed = true;
  }
}

/**
 * Sees each parsed line of an input (the HTTP server's store of recent lines). Lines of a file it
 * keeps by offset come in batches; any other line one at a time, with its bytes and record (valid
 * during the call). `flush` follows each chunk, `end` the input's stream.
 */
export interface LineTap {
  line(buf: Buffer, start: number, end: number, rec: LogRecord): void;
  lines(batch: TapBatch): void;
  /** The chunk the lines came from is about to be reused. */
  flush(): void;
  /**
   * The regular file (as identified when opened) the next bytes come from: true when the tap
   * keeps its lines by offset (they then come in batches).
   */
  file(path: string, identity: string): boolean;
  end(): void;
}

/**
 * The lines of one file a tap keeps by offset, gathered in a TapBatch and handed over when it
 * fills or at `send`: the parsing path (LineHandler) and the replay on another thread (whose
 * batches carry each line's offset, read after the batch is counted) feed a tap alike.
 */
export class OffsetFeed {
  private readonly batch = new TapBatch();

  constructor(private readonly tap: LineTap) {}

  /** The line `length` bytes long at `offset` of the file, stamped `time`, lasting `latencyMs`. */
  add(offset: number, length: number, time: number, latencyMs: number): void {
    if (this.batch.full) this.send();
    this.batch.add(offset, length, time, latencyMs);
  }

  /** Hands over the lines gathered so far. */
  send(): void {
    if (this.batch.count === 0) return;
    this.tap.lines(this.batch);
    this.batch.count = 0;
    this.batch.timed = false;
  }

  /** Hands them over, then tells the tap a batch of lines is complete (LineTap.flush). */
  flush(): void {
    this.send();
    this.tap.flush();
  }
}
