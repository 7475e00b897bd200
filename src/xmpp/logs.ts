import { readdirSync, statSync } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { compilePattern, patternWants } from "../source/glob.js";
import type { FirstOffset } from "../source/follow/opened.js";

/** How far back the last lines of a file are looked for (so `tail` of a file of one huge line is bounded). */
const BACK_LIMIT_BYTES = 4 * 1024 * 1024;
const BLOCK = 64 * 1024;
const NEWLINE = 0x0a;

/** A file of a named log as `ls` shows it. */
export interface LogFile {
  path: string;
  size: number;
  /** The log time (epoch seconds) of its last line that parses, else NaN. */
  lastTime: number;
  /** When it was last written (epoch ms). */
  mtimeMs: number;
}

/** The files a path or pattern names now (a plain path that does not exist names none). */
export function filesOf(pattern: string): string[] {
  const p = compilePattern(pattern);
  if (p.name === null) {
    try {
      return statSync(pattern).isFile() ? [pattern] : [];
    } catch {
      return [];
    }
  }
  try {
    return readdirSync(p.dir)
      .filter((name) => patternWants(p, name))
      .sort()
      .map((name) => join(p.dir, name))
      .filter((path) => statSync(path, { throwIfNoEntry: false })?.isFile() === true);
  } catch {
    return [];
  }
}

/** Reads file[from, to) (clipped to what is there). */
async function block(handle: FileHandle, from: number, to: number): Promise<Buffer> {
  const buf = Buffer.alloc(to - from);
  const { bytesRead } = await handle.read(buf, 0, to - from, from);
  return buf.subarray(0, bytesRead);
}

/**
 * Where following starts so that the last `n` lines are read first (`tail -n N -f`): after the
 * (n+1)-th newline from the end, looking back at most 4 MiB.
 */
export function lastLines(n: number): FirstOffset {
  return async (handle, size) => {
    let pos = size;
    // A last line still being written (no newline yet) is one of the n.
    let seen = size > 0 && (await block(handle, size - 1, size))[0] === NEWLINE ? -1 : 0;
    while (pos > 0 && size - pos < BACK_LIMIT_BYTES) {
      const start = Math.max(0, pos - BLOCK);
      const b = await block(handle, start, pos);
      for (let i = b.length - 1; i >= 0; i--) {
        if (b[i] !== NEWLINE) continue;
        if (++seen === n) return start + i + 1;
      }
      pos = start;
    }
    if (pos === 0) return 0;
    // Looked back as far as allowed: start at the next line from there.
    const b = await block(handle, pos, Math.min(size, pos + BLOCK));
    const nl = b.indexOf(NEWLINE);
    return nl < 0 ? size : pos + nl + 1;
  };
}

/** The last complete line of a file (at most 64 KiB back), or null. */
export async function lastLine(path: string): Promise<Buffer | null> {
  const handle = await open(path, "r");
  try {
    const size = (await handle.stat()).size;
    const b = await block(handle, Math.max(0, size - BLOCK), size);
    const end = b.lastIndexOf(NEWLINE);
    if (end < 0) return null;
    const start = b.lastIndexOf(NEWLINE, end - 1) + 1;
    if (start === 0 && size > BLOCK) return null;
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
  for (const path of filesOf(pattern)) {
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
