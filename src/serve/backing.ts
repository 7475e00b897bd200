import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { identityOf } from "../source/identity.js";

/** Files held open at most for reading lines back; lines of a file past it are copied instead. */
const MAX_FILES = 256;
/** Bytes read at once when lines are read back: a scan reads its neighbours with them. */
const BLOCK = 256 * 1024;

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
  /** The last block read: of file `blockId` (-1: none), from `blockStart`, `blockGot` bytes. */
  private block = Buffer.alloc(0);
  private blockId = -1;
  private blockStart = 0;
  private blockGot = 0;
  /** Whether the block reached the file's end (else bytes past it are only unread). */
  private blockEof = false;

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
   * Read a block at a time (towards the file's start when lines are asked for newest first), so a
   * scan of many lines costs a read per block; `forget` before the file may have changed.
   */
  read(id: number, offset: number, length: number): string | null {
    const file = this.files[id];
    if (file == null || file.stale) return null;
    const from = Math.max(0, offset - 1);
    const want = offset + length + 2;
    const held = this.blockStart + this.blockGot;
    if (
      id !== this.blockId ||
      from < this.blockStart ||
      (want > held && !(this.blockEof && offset + length <= held))
    ) {
      const backwards = id === this.blockId && offset < this.blockStart;
      if (
        !this.fill(file.fd, id, backwards ? Math.max(0, Math.min(from, want - BLOCK)) : from, want)
      )
        return null;
    }
    const b = this.block;
    const start = offset - this.blockStart;
    const end = start + length;
    if (end > this.blockGot) return null;
    if (offset > 0 && b[start - 1] !== 0x0a) return null;
    const after = end < this.blockGot ? b[end] : 0x0a;
    const afterNext = end + 1 < this.blockGot ? b[end + 1] : 0x0a;
    if (after !== 0x0a && !(after === 0x0d && afterNext === 0x0a)) return null;
    return b.toString("utf8", start, end);
  }

  /** Forgets the block read: the files may have changed since. */
  forget(): void {
    this.blockId = -1;
  }

  /** Reads the block of file `id` from `start` that reaches `want` at least; false on failure. */
  private fill(fd: number, id: number, start: number, want: number): boolean {
    const size = Math.max(BLOCK, want - start);
    if (this.block.length < size) this.block = Buffer.allocUnsafe(size);
    this.blockId = -1;
    try {
      this.blockGot = readSync(fd, this.block, 0, size, start);
    } catch {
      return false;
    }
    this.blockId = id;
    this.blockStart = start;
    this.blockEof = this.blockGot < size;
    return true;
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
