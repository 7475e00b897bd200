import { open } from "node:fs/promises";
import type { Readable } from "node:stream";

/** Bytes read from a file per call; large enough for throughput, small enough to stay responsive. */
export const READ_CHUNK_BYTES = 1 << 20;

/** Something that takes the bytes of one input in order. */
export interface ByteSink {
  push(chunk: Buffer): void;
  /** No more bytes: a last line without newline is still a line. */
  end(): void;
  /** Bytes held of a line whose end has not arrived yet. */
  readonly pendingBytes: number;
}

/**
 * Reads a file from byte 0 into `sink` while `wantMore()` says so; reaching the file's current end
 * ends the sink (stopping early does not).
 */
export async function readFileInto(
  path: string,
  sink: ByteSink,
  wantMore = () => true,
): Promise<void> {
  const handle = await open(path, "r");
  try {
    const buf = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    let position = 0;
    while (wantMore()) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, position);
      if (bytesRead === 0) {
        sink.end();
        break;
      }
      position += bytesRead;
      sink.push(buf.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
}

/** Reads a stream (stdin) until it ends into `sink`. */
export async function readStreamInto(stream: Readable, sink: ByteSink): Promise<void> {
  for await (const chunk of stream) {
    sink.push(chunk as Buffer);
  }
  sink.end();
}
