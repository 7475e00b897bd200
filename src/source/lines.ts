const NEWLINE = 0x0a;
const CR = 0x0d;

/** Receives one line as a byte range of a buffer that is only valid during the call. */
export type LineSink = (buf: Buffer, start: number, end: number) => void;

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

  /** Feeds the next chunk of the stream. */
  push(chunk: Buffer): void {
    let pos = 0;
    if (this.carryLength > 0 || this.discarding) {
      const nl = chunk.indexOf(NEWLINE);
      if (nl < 0) {
        this.append(chunk, 0, chunk.length);
        return;
      }
      this.append(chunk, 0, nl);
      if (this.discarding) {
        this.discarding = false;
      } else {
        this.emit(this.carry, 0, this.carryLength);
      }
      this.carryLength = 0;
      pos = nl + 1;
    }
    while (pos < chunk.length) {
      const nl = chunk.indexOf(NEWLINE, pos);
      if (nl < 0) break;
      if (nl - pos > this.maxLineBytes) this.onOversize();
      else this.emit(chunk, pos, nl);
      pos = nl + 1;
    }
    if (pos < chunk.length) this.append(chunk, pos, chunk.length);
  }

  /** Ends the stream: a last line without a newline is still a line. */
  end(): void {
    if (this.discarding) {
      this.discarding = false;
    } else if (this.carryLength > 0) {
      this.emit(this.carry, 0, this.carryLength);
    }
    this.carryLength = 0;
  }

  private emit(buf: Buffer, start: number, end: number): void {
    this.sink(buf, start, end > start && buf[end - 1] === CR ? end - 1 : end);
  }

  private append(chunk: Buffer, start: number, end: number): void {
    if (this.discarding) return;
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
