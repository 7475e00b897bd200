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

/** Reads file[start, end) (clipped to what is there), followed by `carry`. */
export async function readBlock(
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

/** How far back the last lines of a file are looked for, when some are asked for. */
const LAST_LINES_BYTES = 4 * 1024 * 1024;

/**
 * Where to start so that the last `n` complete lines are read first (`tail -n N -f`): after the
 * (n+1)-th newline from the end, 0 when there are fewer. A last line still being written is read
 * whole once complete. Looks back at most 4 MiB for n > 0, then starts at the next line from there.
 */
export function lastLines(n: number): FirstOffset {
  return async (handle, size) => {
    let pos = size;
    let seen = 0;
    while (pos > 0 && (n === 0 || size - pos < LAST_LINES_BYTES)) {
      const start = Math.max(0, pos - BACK_SCAN_BYTES);
      const block = await readBlock(handle, start, pos, EMPTY);
      for (let i = block.length - 1; i >= 0; i--) {
        if (block[i] === NEWLINE && ++seen > n) return start + i + 1;
      }
      pos = start;
    }
    if (pos === 0) return 0;
    const block = await readBlock(handle, pos, Math.min(size, pos + BACK_SCAN_BYTES), EMPTY);
    const nl = block.indexOf(NEWLINE);
    return nl < 0 ? size : pos + nl + 1;
  };
}

/** Start-up "--from-end": after the last complete line (a line being written is still read whole). */
export const fromEnd: FirstOffset = lastLines(0);
