import type { ByteSink } from "./read.js";

/**
 * The chunk without its NUL bytes: a writer without O_APPEND that keeps writing at its old offset
 * after a truncate leaves a hole of NULs, and no text log line contains one. Returns the same
 * buffer when there is none.
 */
export function withoutNul(chunk: Buffer): Buffer {
  let nul = chunk.indexOf(0);
  if (nul < 0) return chunk;
  const out = Buffer.allocUnsafe(chunk.length);
  let length = 0;
  let from = 0;
  while (nul >= 0) {
    length += chunk.copy(out, length, from, nul);
    from = nul + 1;
    while (from < chunk.length && chunk[from] === 0) from++;
    nul = chunk.indexOf(0, from);
  }
  length += chunk.copy(out, length, from);
  return out.subarray(0, length);
}

/** A sink that drops NUL bytes before `sink` sees them, reporting how many. */
export function dropNul(sink: ByteSink, onDropped: (bytes: number) => void): ByteSink {
  return {
    push(chunk: Buffer, offset?: number): void {
      const clean = withoutNul(chunk);
      if (clean.length === chunk.length) return sink.push(chunk, offset);
      onDropped(chunk.length - clean.length);
      // Bytes left out: the lines of this chunk no longer lie where the file has them.
      sink.push(clean);
    },
    end: () => sink.end(),
    get pendingBytes(): number {
      return sink.pendingBytes;
    },
  };
}
