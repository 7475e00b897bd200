import type { FileHandle } from "node:fs/promises";
import type { FirstOffset } from "./follow/opened.js";
import { DEFAULT_MAX_LINE_BYTES } from "./lines.js";

/** Bytes read per step when scanning a file backwards. */
export const BACK_SCAN_BYTES = 64 * 1024;
/** Extra seconds read before the window, for lines written slightly out of order. */
export const BACKFILL_SLACK_S = 5;

const NEWLINE = 0x0a;
const EMPTY = Buffer.alloc(0);
const CR = 0x0d;

/** The timestamp (epoch seconds) of a line in buf[start, end), or NaN when it has none. */
export type TimeOf = (buf: Buffer, start: number, end: number) => number;

async function readBlock(
  handle: FileHandle,
  start: number,
  end: number,
  carry: Buffer,
): Promise<Buffer> {
  const block = Buffer.allocUnsafe(end - start + carry.length);
  let filled = 0;
  while (filled < end - start) {
    const { bytesRead } = await handle.read(block, filled, end - start - filled, start + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  carry.copy(block, filled);
  return block.subarray(0, filled + carry.length);
}

/**
 * Start-up "backfill": reads the file backwards line by line until a line is older than the
 * newest one by more than the window (plus a little slack), and starts after it, so the window
 * is full from the first second. A file with no readable timestamps is read whole.
 */
export function backfillFrom(windowS: number, timeOf: TimeOf): FirstOffset {
  return async (handle, size) => {
    let newest = -Infinity;
    let pos = size;
    let carry = EMPTY;
    /** Inside a line longer than a line may be: its bytes are passed over, not gathered. */
    let skipping = false;
    while (pos > 0) {
      const start = Math.max(0, pos - BACK_SCAN_BYTES);
      const block = await readBlock(handle, start, pos, carry);
      let end = block.length;
      while (end > 0) {
        const nl = block.lastIndexOf(NEWLINE, end - 1);
        if (nl < 0 && start > 0) break;
        if (skipping) {
          skipping = false;
          end = nl < 0 ? 0 : nl;
          continue;
        }
        const lineStart = nl + 1;
        const lineEnd = end > lineStart && block[end - 1] === CR ? end - 1 : end;
        const t = lineEnd > lineStart ? timeOf(block, lineStart, lineEnd) : NaN;
        if (!Number.isNaN(t)) {
          if (t < newest - windowS - BACKFILL_SLACK_S) return start + end + 1;
          newest = Math.max(newest, t);
        }
        end = nl < 0 ? 0 : nl;
      }
      // The start of a line continues in the block before; one already longer than a line may
      // be is oversize whatever it holds, so it is not carried (carrying it made a long last
      // line quadratic: each step copied all it had gathered).
      carry = skipping ? EMPTY : Buffer.from(block.subarray(0, end));
      if (carry.length > DEFAULT_MAX_LINE_BYTES) {
        carry = EMPTY;
        skipping = true;
      }
      pos = start;
    }
    return 0;
  };
}

/** Start-up "--from-end": after the last complete line (a line being written is still read whole). */
export const fromEnd: FirstOffset = async (handle, size) => {
  let pos = size;
  while (pos > 0) {
    const start = Math.max(0, pos - BACK_SCAN_BYTES);
    const block = await readBlock(handle, start, pos, Buffer.alloc(0));
    const nl = block.lastIndexOf(NEWLINE);
    if (nl >= 0) return start + nl + 1;
    pos = start;
  }
  return 0;
};
