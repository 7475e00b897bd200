const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const LT = 0x3c;

/** Why bytes of a TCP syslog stream are no message: counted, with a sample. */
export type FrameProblem = "bad_octet_count" | "bad_frame" | "oversize" | "partial_frame";

/** Where the frames of one connection go; the buffer is only valid during the call. */
export interface FrameTarget {
  frame(b: Buffer, start: number, end: number): void;
  bad(problem: FrameProblem, b: Buffer, start: number, end: number): void;
}

const enum Mode {
  Start,
  Digits,
  Count,
  Line,
  Resync,
}

/** Most digits an octet count may have (RFC 6587 allows any; 64 KiB needs 5). */
const MAX_COUNT_DIGITS = 9;

/**
 * Splits the byte stream of one syslog TCP connection into messages (RFC 6587): octet-counted
 * ("123 <13>1 …") or ended by a newline ("<13>… \n"), told apart at each message's first byte,
 * so a connection may mix them (digits that are no count are a bad frame until the connection
 * has counted octets, a lying count after). A message longer than `maxMessage` is counted as oversize and
 * only its first bytes are kept: memory per connection stays under `maxMessage`, whatever is
 * sent. On a connection that counts octets, a count that is not a number starts a resync: bytes
 * up to the next "N <" are one bad frame, and the messages after it are read again.
 */
export class FrameSplitter {
  private mode = Mode.Start;
  private carry: Buffer;
  private carryLength = 0;
  /** Bytes still to come of an octet-counted message. */
  private remaining = 0;
  private count = 0;
  private digits = 0;
  private counting = false;
  private oversize = false;

  constructor(
    private readonly target: FrameTarget,
    private readonly maxMessage: number,
  ) {
    this.carry = Buffer.alloc(Math.min(maxMessage, 4096));
  }

  /** Bytes held of a message not complete yet. */
  get pendingBytes(): number {
    return this.carryLength;
  }

  /** Feeds the next bytes of the connection. */
  push(b: Buffer): void {
    let i = 0;
    const n = b.length;
    while (i < n) {
      switch (this.mode) {
        case Mode.Start: {
          const c = b[i] as number;
          if (c === LF || c === CR || c === 0 || c === SP) i++;
          else if (c >= 0x30 && c <= 0x39) {
            this.mode = Mode.Digits;
            this.count = this.digits = 0;
          } else if (this.counting && c !== LT) {
            this.target.bad("bad_octet_count", b, i, Math.min(n, i + 40));
            this.mode = Mode.Resync;
          } else this.mode = Mode.Line;
          break;
        }
        case Mode.Digits: {
          while (i < n && this.digits <= MAX_COUNT_DIGITS) {
            const c = b[i] as number;
            if (c < 0x30 || c > 0x39) break;
            this.count = this.count * 10 + c - 0x30;
            this.digits++;
            i++;
          }
          if (i === n && this.digits <= MAX_COUNT_DIGITS) break;
          if (b[i] === SP && this.digits <= MAX_COUNT_DIGITS && this.count > 0) {
            i++;
            this.mode = Mode.Count;
            this.counting = true;
            this.remaining = this.count;
          } else {
            // On a connection that never counted octets, digits are a line that is no syslog.
            const problem = this.counting ? "bad_octet_count" : "bad_frame";
            this.target.bad(problem, b, Math.max(0, i - this.digits), Math.min(n, i + 40));
            while (i < n && (b[i] as number) >= 0x30 && (b[i] as number) <= 0x39) i++;
            this.mode = Mode.Resync;
          }
          break;
        }
        case Mode.Count: {
          const take = Math.min(this.remaining, n - i);
          if (this.carryLength === 0 && !this.oversize && take === this.remaining) {
            this.emit(b, i, i + take);
          } else {
            this.append(b, i, i + take);
            if (take === this.remaining) this.emitCarry();
          }
          this.remaining -= take;
          i += take;
          if (this.remaining === 0) this.mode = Mode.Start;
          break;
        }
        case Mode.Line: {
          const nl = b.indexOf(LF, i);
          if (nl < 0) {
            this.append(b, i, n);
            i = n;
          } else {
            if (this.carryLength === 0 && !this.oversize) this.emit(b, i, nl);
            else {
              this.append(b, i, nl);
              this.emitCarry();
            }
            i = nl + 1;
            this.mode = Mode.Start;
          }
          break;
        }
        case Mode.Resync: {
          const next = nextFrame(b, i);
          i = next < 0 ? n : next;
          if (next >= 0) this.mode = Mode.Start;
          break;
        }
      }
    }
  }

  /** The connection closed: a message cut short is counted, one without its newline is read. */
  end(): void {
    if (this.mode === Mode.Line && (this.carryLength > 0 || this.oversize)) this.emitCarry();
    else if (this.mode === Mode.Count || this.mode === Mode.Digits) {
      this.target.bad("partial_frame", this.carry, 0, this.carryLength);
    }
    this.mode = Mode.Start;
    this.carryLength = 0;
    this.oversize = false;
  }

  private emit(b: Buffer, start: number, end: number): void {
    if (end - start > this.maxMessage) this.target.bad("oversize", b, start, start + 200);
    else this.target.frame(b, start, end);
  }

  private emitCarry(): void {
    if (this.oversize) this.target.bad("oversize", this.carry, 0, Math.min(200, this.carryLength));
    else this.target.frame(this.carry, 0, this.carryLength);
    this.carryLength = 0;
    this.oversize = false;
  }

  /** Keeps b[start, end) of the message being read, up to maxMessage bytes. */
  private append(b: Buffer, start: number, end: number): void {
    const room = this.maxMessage - this.carryLength;
    if (end - start > room) this.oversize = true;
    const take = Math.min(end - start, room);
    if (take <= 0) return;
    if (this.carryLength + take > this.carry.length) {
      const grown = Buffer.alloc(Math.min(this.maxMessage, (this.carryLength + take) * 2));
      this.carry.copy(grown, 0, 0, this.carryLength);
      this.carry = grown;
    }
    b.copy(this.carry, this.carryLength, start, start + take);
    this.carryLength += take;
  }
}

/**
 * Where the next octet-counted frame ("123 <") starts in b from `i`, or the byte after the next
 * newline, whichever comes first; -1 if neither is in b.
 */
function nextFrame(b: Buffer, i: number): number {
  for (;;) {
    const lt = b.indexOf(LT, i);
    const nl = b.indexOf(LF, i);
    if (nl >= 0 && (lt < 0 || nl < lt)) return nl + 1;
    if (lt < 0) return -1;
    let d = lt - 1;
    if (b[d] === SP) {
      while (d > i && (b[d - 1] as number) >= 0x30 && (b[d - 1] as number) <= 0x39) d--;
      if (d < lt - 1) return d;
    }
    i = lt + 1;
  }
}
