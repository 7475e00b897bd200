const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * Receives one line as a byte range of a buffer that is only valid during the call, and where the
 * line starts in its file (-1 when the bytes did not come with file offsets).
 */
export type LineSink = (buf: Buffer, start: number, end: number, offset: number) => void;

/** Longest line kept by default; longer ones are dropped and reported as oversize. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;

/**
 * Splits a byte stream into lines without copying complete lines: each is handed to the sink as
 * a range of the chunk it arrived in. Only a line split across chunks is copied, into a carry
 * buffer bounded by `maxLineBytes`; a longer line is dropped whole and reported once.
 * "\n" ends a line and a "\r" before it is removed.
 */
export class LineSplitter {
  private carry: Buffer;
  private carryLength = 0;
  /** File offset of the carry's first byte, -1 when unknown (or its bytes did not follow on). */
  private carryOffset = -1;
  private discarding = false;

  constructor(
    private readonly sink: LineSink,
    private readonly onOversize: () => void,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  ) {
    this.carry = Buffer.alloc(Math.min(maxLineBytes, 4096));
  }

  /** Bytes held of a line whose end has not arrived yet. */
  get pendingBytes(): number {
    return this.carryLength;
  }

  /** Feeds the next chunk of the stream; `offset`: where chunk[0] lies in its file, or -1. */
  push(chunk: Buffer, offset = -1): void {
    let pos = 0;
    if (this.carryLength > 0 || this.discarding) {
      if (offset < 0 || offset !== this.carryOffset + this.carryLength) this.carryOffset = -1;
      const nl = chunk.indexOf(NEWLINE);
      if (nl < 0) {
        this.append(chunk, 0, chunk.length, -1);
        return;
      }
      this.append(chunk, 0, nl, -1);
      if (this.discarding) {
        this.discarding = false;
      } else {
        this.emit(this.carry, 0, this.carryLength, this.carryOffset);
      }
      this.carryLength = 0;
      pos = nl + 1;
    }
    while (pos < chunk.length) {
      const nl = chunk.indexOf(NEWLINE, pos);
      if (nl < 0) break;
      if (nl - pos > this.maxLineBytes) this.onOversize();
      else this.emit(chunk, pos, nl, offset < 0 ? -1 : offset + pos);
      pos = nl + 1;
    }
    if (pos < chunk.length) this.append(chunk, pos, chunk.length, offset < 0 ? -1 : offset + pos);
  }

  /** Ends the stream: a last line without a newline is still a line. */
  end(): void {
    if (this.discarding) {
      this.discarding = false;
    } else if (this.carryLength > 0) {
      this.emit(this.carry, 0, this.carryLength, this.carryOffset);
    }
    this.carryLength = 0;
  }

  private emit(buf: Buffer, start: number, end: number, offset: number): void {
    this.sink(buf, start, end > start && buf[end - 1] === CR ? end - 1 : end, offset);
  }

  /** Adds chunk[start, end) to the carry; `offset` (its file offset) counts when it starts one. */
  private append(chunk: Buffer, start: number, end: number, offset: number): void {
    if (this.discarding) return;
    if (this.carryLength === 0) this.carryOffset = offset;
    const needed = this.carryLength + (end - start);
    if (needed > this.maxLineBytes) {
      this.discarding = true;
      this.carryLength = 0;
      this.onOversize();
      return;
    }
    if (needed > this.carry.length) {
      const grown = Buffer.alloc(
        Math.min(this.maxLineBytes, Math.max(needed, this.carry.length * 2)),
      );
      this.carry.copy(grown, 0, 0, this.carryLength);
      this.carry = grown;
    }
    chunk.copy(this.carry, this.carryLength, start, end);
    this.carryLength = needed;
  }
}
