import type { Stats } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { identityOf } from "../identity.js";
import type { ByteSink, OutputReady } from "../read.js";

/** Bytes kept from just before the read offset, to notice a file truncated and rewritten past it. */
export const TAIL_CHECK_BYTES = 64;

/** Where to start in a file seen at start-up: decided by --from-start, --from-end or backfill. */
export type FirstOffset = (handle: FileHandle, size: number) => Promise<number>;

/** Start-up "--from-start", and every file that appears later: from byte 0. */
export const fromStart: FirstOffset = () => Promise.resolve(0);

/**
 * One open file being read: its handle, identity, read offset, the bytes just before the offset
 * and the sink its lines go to. Reads use explicit positions, in bounded slices, yielding to the
 * event loop between slices, so a huge append never blocks the process.
 */
export class OpenedFile {
  /** Size and modification time at the last check. */
  lastSize = 0;
  lastMtimeMs = 0;
  /** Wall time (ms) at which the file last grew or was opened: drained files close after a quiet spell. */
  lastGrowthMs: number;
  private tail: Buffer = Buffer.alloc(0);

  private constructor(
    private readonly path: string,
    private readonly handle: FileHandle,
    readonly identity: string,
    public offset: number,
    public sink: ByteSink,
    nowMs: number,
  ) {
    this.lastGrowthMs = nowMs;
  }

  /**
   * Opens `path` for reading from where `offsetOf` decides, or returns null (closed again) when
   * `accept` refuses its identity. The sink is made only for a file that is kept.
   */
  static async open(
    path: string,
    makeSink: () => ByteSink,
    nowMs: number,
    offsetOf: FirstOffset,
    accept: (identity: string) => boolean = () => true,
  ): Promise<OpenedFile | null> {
    const handle = await open(path, "r");
    try {
      const st = await handle.stat();
      if (!accept(identityOf(st))) {
        await handle.close();
        return null;
      }
      const file = new OpenedFile(path, handle, identityOf(st), 0, makeSink(), nowMs);
      file.sink.file?.(path, file.identity);
      file.offset = await offsetOf(handle, st.size);
      file.lastSize = st.size;
      file.lastMtimeMs = st.mtimeMs;
      if (file.offset > 0) await file.rememberTail();
      return file;
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /** Current size and times of the open file (not of the path). */
  stat(): Promise<Stats> {
    return this.handle.stat();
  }

  /**
   * Reads from the offset up to `size` into the sink; returns the bytes read. Between slices it
   * waits for `outputReady` (a slow reader of the output) or at least a turn of the event loop.
   */
  async readTo(size: number, buffer: Buffer, outputReady: OutputReady): Promise<number> {
    let total = 0;
    while (this.offset < size) {
      const want = Math.min(buffer.length, size - this.offset);
      const { bytesRead } = await this.handle.read(buffer, 0, want, this.offset);
      if (bytesRead === 0) break;
      const at = this.offset;
      this.offset += bytesRead;
      total += bytesRead;
      this.keepTail(buffer.subarray(0, bytesRead));
      this.sink.push(buffer.subarray(0, bytesRead), at);
      if (this.offset < size) await (outputReady() ?? yieldToLoop());
    }
    return total;
  }

  /** Whether the bytes just before the offset are no longer what was read there. */
  async rewritten(): Promise<boolean> {
    if (this.tail.length === 0) return false;
    const now = Buffer.alloc(this.tail.length);
    const { bytesRead } = await this.handle.read(now, 0, now.length, this.offset - now.length);
    return bytesRead !== now.length || !now.equals(this.tail);
  }

  /** Starts again from byte 0 with a new sink (after a truncation). */
  restart(sink: ByteSink): void {
    this.offset = 0;
    this.tail = Buffer.alloc(0);
    this.sink = sink;
    sink.file?.(this.path, this.identity);
  }

  /** Ends the sink (a last partial line still counts) and closes the handle. */
  async close(): Promise<void> {
    this.sink.end();
    await this.handle.close();
  }

  private keepTail(chunk: Buffer): void {
    const joined = chunk.length >= TAIL_CHECK_BYTES ? chunk : Buffer.concat([this.tail, chunk]);
    this.tail = Buffer.from(joined.subarray(Math.max(0, joined.length - TAIL_CHECK_BYTES)));
  }

  private async rememberTail(): Promise<void> {
    const length = Math.min(TAIL_CHECK_BYTES, this.offset);
    const buf = Buffer.alloc(length);
    const { bytesRead } = await this.handle.read(buf, 0, length, this.offset - length);
    this.tail = buf.subarray(0, bytesRead);
  }
}
