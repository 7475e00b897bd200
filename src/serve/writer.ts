import type { TapBatch } from "../ingest/tap.js";
import type { LineStore } from "./store.js";

/**
 * Where one input's lines are stored: lines to copy one by one, lines of the current file (named
 * by `file`) by offset in batches, a flush after each chunk read, `end` when the stream ends.
 */
export class StoreWriter {
  private fileId = -1;

  constructor(
    private readonly store: LineStore,
    private readonly input: number,
  ) {}

  /** b[start, end), stamped `time`: copied. */
  line(b: Buffer, start: number, end: number, time: number): void {
    this.store.copyLine(this.input, b, start, end, time);
  }

  /** Lines of the current file, kept as their place in it. */
  lines(batch: TapBatch): void {
    if (this.fileId >= 0 && batch.count > 0) this.store.fileLines(this.input, this.fileId, batch);
  }

  /** The chunk the lines lay in is about to be reused. */
  flush(): void {
    this.store.flush();
  }

  /**
   * The regular file (as identified when read) that the next lines come from: true when they can
   * be kept as offsets (the store could open that very file).
   */
  file(path: string, identity: string): boolean {
    this.end();
    this.fileId = this.store.backing.open(path, identity);
    return this.fileId >= 0;
  }

  /** The input's stream ended. */
  end(): void {
    this.store.flush();
    if (this.fileId >= 0) this.store.backing.release(this.fileId);
    this.fileId = -1;
  }
}
