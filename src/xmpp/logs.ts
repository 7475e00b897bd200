import { statSync } from "node:fs";
import { open } from "node:fs/promises";
import { compilePattern, matchingPaths } from "../source/glob.js";
import { BACK_SCAN_BYTES, readBlock } from "../source/backfill.js";

const NEWLINE = 0x0a;
const EMPTY = Buffer.alloc(0);

/** A file of a named log as `ls` shows it. */
export interface LogFile {
  path: string;
  size: number;
  /** The log time (epoch seconds) of its last line that parses, else NaN. */
  lastTime: number;
  /** When it was last written (epoch ms). */
  mtimeMs: number;
}

/** The regular files a path or pattern names now (a plain path that does not exist names none). */
async function filesOf(pattern: string): Promise<string[]> {
  const paths = await matchingPaths(compilePattern(pattern));
  return paths.filter((path) => statSync(path, { throwIfNoEntry: false })?.isFile() === true);
}

/** The last complete line of a file (at most 64 KiB back), or null. */
export async function lastLine(path: string): Promise<Buffer | null> {
  const handle = await open(path, "r");
  try {
    const size = (await handle.stat()).size;
    const b = await readBlock(handle, Math.max(0, size - BACK_SCAN_BYTES), size, EMPTY);
    const end = b.lastIndexOf(NEWLINE);
    if (end < 0) return null;
    const start = b.lastIndexOf(NEWLINE, end - 1) + 1;
    if (start === 0 && size > BACK_SCAN_BYTES) return null;
    return b.subarray(start, end > start && b[end - 1] === 0x0d ? end - 1 : end);
  } finally {
    await handle.close();
  }
}

/** The files of a log now, with size, last write and the time of the last line (by `timeOf`). */
export async function describeLog(
  pattern: string,
  timeOf: (line: Buffer) => number,
): Promise<LogFile[]> {
  const out: LogFile[] = [];
  for (const path of await filesOf(pattern)) {
    try {
      const st = statSync(path);
      const line = await lastLine(path);
      out.push({
        path,
        size: st.size,
        mtimeMs: st.mtimeMs,
        lastTime: line === null ? NaN : timeOf(line),
      });
    } catch {
      // Gone between the listing and the read: not shown.
    }
  }
  return out;
}
