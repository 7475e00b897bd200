import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { identityOf } from "../source/identity.js";

/** Files held open at most for reading lines back; lines of a file past it are copied instead. */
const MAX_FILES = 256;

interface BackingFile {
  path: string;
  identity: string;
  fd: number;
  /** Opened again since (it was truncated and is read from the start): its offsets hold other lines. */
  stale: boolean;
  /** Stored lines that point into it: at 0 (and no longer written) it is closed. */
  refs: number;
  /** Whether a writer still adds lines of it. */
  current: boolean;
}

/**
 * The files whose lines the store keeps as offsets instead of copies: each opened once by the
 * store itself and checked to be the very file read (dev, inode, birth), then held open while a
 * stored line points into it, so a line stays readable after the file is rotated away. A file
 * opened again (the follower restarts a truncated file) no longer gives its old lines; a line
 * read back must still lie between two line ends, else it is reported as gone rather than shown
 * as other bytes (a truncation not yet noticed can still pass if the new lines align).
 */
export class FileBacking {
  private readonly files: (BackingFile | null)[] = [];
  private readonly free: number[] = [];
  private scratch = Buffer.alloc(4096);

  /** The id of `path` if it is the file `identity` (as read), or -1: its lines are then copied. */
  open(path: string, identity: string): number {
    if (this.files.length - this.free.length >= MAX_FILES) return -1;
    let fd: number;
    try {
      fd = openSync(path, "r");
    } catch {
      return -1;
    }
    try {
      if (identityOf(fstatSync(fd)) !== identity) {
        closeSync(fd);
        return -1;
      }
    } catch {
      closeSync(fd);
      return -1;
    }
    // The same file again is a truncated one read from the start: what was stored of it is gone.
    for (const held of this.files) if (held?.identity === identity) held.stale = true;
    const file: BackingFile = { path, identity, fd, refs: 0, current: true, stale: false };
    const id = this.free.pop() ?? this.files.length;
    this.files[id] = file;
    return id;
  }

  /** A writer moved on from file `id` (a new file, or the input ended). */
  release(id: number): void {
    const file = this.files[id];
    if (file == null) return;
    file.current = false;
    this.closeIfUnused(id, file);
  }

  /** `n` more stored lines point into file `id`. */
  ref(id: number, n: number): void {
    (this.files[id] as BackingFile).refs += n;
  }

  /** `n` stored lines of file `id` were dropped. */
  unref(id: number, n = 1): void {
    const file = this.files[id];
    if (file == null) return;
    file.refs -= n;
    this.closeIfUnused(id, file);
  }

  /**
   * The line at `offset` (`length` bytes) of file `id`, or null when the file no longer holds it
   * there: it must follow a line end (or start the file) and be followed by one (or the end).
   */
  read(id: number, offset: number, length: number): string | null {
    const file = this.files[id];
    if (file == null || file.stale) return null;
    const from = Math.max(0, offset - 1);
    const want = offset - from + length + 2;
    if (this.scratch.length < want)
      this.scratch = Buffer.alloc(Math.max(want, this.scratch.length * 2));
    let got: number;
    try {
      got = readSync(file.fd, this.scratch, 0, want, from);
    } catch {
      return null;
    }
    const start = offset - from;
    const end = start + length;
    if (got < end) return null;
    if (start === 1 && this.scratch[0] !== 0x0a) return null;
    const after = got > end ? this.scratch[end] : 0x0a;
    const afterNext = got > end + 1 ? this.scratch[end + 1] : 0x0a;
    if (after !== 0x0a && !(after === 0x0d && afterNext === 0x0a)) return null;
    return this.scratch.toString("utf8", start, end);
  }

  /** Closes every file (the server stopped). */
  close(): void {
    this.files.forEach((file, id) => {
      if (file == null) return;
      closeSync(file.fd);
      this.files[id] = null;
      this.free.push(id);
    });
  }

  private closeIfUnused(id: number, file: BackingFile): void {
    if (file.refs > 0 || file.current) return;
    closeSync(file.fd);
    this.files[id] = null;
    this.free.push(id);
  }
}
