import type { Stats } from "node:fs";
import { stat } from "node:fs/promises";
import type { SourceEvent } from "../../core/types.js";
import { describeFsError } from "../errors.js";
import type { ByteSink, OutputReady } from "../read.js";
import type { KnownFiles } from "./known.js";
import { identityOf } from "../identity.js";
import { fromStart, OpenedFile, type FirstOffset } from "./opened.js";

/**
 * Where a followed path stands, for status lines and the dashboard; "gone" is said once of a
 * file found by a pattern that was deleted and is no longer followed.
 */
export type TailState = "waiting" | "following" | "error" | "gone";

/** What the follower needs from the rest of the program. */
export interface FollowSink {
  /** A new stream for a file opened under the followed `path` (each file gets its own). */
  open(path: string): ByteSink;
  /** Counts an event that may lose or distort data. */
  note(event: SourceEvent): void;
  /**
   * A followed path changed state ("waiting" with why, "following", "error" with why);
   * `matched` when a pattern found it (its files come and go).
   */
  state(path: string, state: TailState, detail: string, matched: boolean): void;
}

/** What all tails share: where lines go, the clock, timing, the read buffer, known files. */
export interface TailContext {
  sink: FollowSink;
  nowMs(): number;
  /** A rotated-away or deleted file is closed after this long without growing. */
  drainMs: number;
  buffer: Buffer;
  /** Reading waits here while the outputs are full (a slow pipe reader). */
  outputReady: OutputReady;
  /** Identities of files open anywhere, read to their end, or old at start: never read from 0 by a sibling probe. */
  known: KnownFiles;
}

/** The errno code of a file-system error; anything else is a bug and is thrown on. */
function errorCode(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== "string") throw err;
  return code;
}

/** The words for a file error; anything that is not one is a bug and is thrown on. */
function describe(err: unknown): string {
  errorCode(err);
  return describeFsError(err);
}

/**
 * One followed path. Polling is the truth: each check stats the path and the open file. A new
 * identity under the path, or the path gone, is a rotation: the old file is drained (still read
 * while it grows, closed after a quiet spell) and the new one read from byte 0. A file smaller
 * than the offset, or whose bytes before the offset changed, was truncated: read again from 0.
 */
export class PathTail {
  private stateNow: TailState | null = null;
  private siblingSeen = false;
  /** A known file found under this path (another path's rotated file): not read from 0. */
  private skipped: string | null = null;
  private current: OpenedFile | null = null;
  private readonly draining: OpenedFile[] = [];
  private firstOffset: FirstOffset;

  constructor(
    readonly path: string,
    private readonly ctx: TailContext,
    firstOffset: FirstOffset = fromStart,
    /** Found by a pattern: a known file under it is not read from 0, and it is forgotten once gone. */
    readonly matched = false,
  ) {
    this.firstOffset = firstOffset;
  }

  /** The path's state, or null before the first check. */
  get state(): TailState | null {
    return this.stateNow;
  }

  /** Whether the path is gone and nothing it had is still being read: it can be forgotten. */
  get gone(): boolean {
    return this.stateNow === "waiting" && this.current === null && this.draining.length === 0;
  }

  /** The follower forgets this path (see gone). */
  forget(): void {
    this.ctx.sink.state(this.path, "gone", "", true);
  }

  /** One check: drains rotated files, follows the path's file; returns whether bytes were read. */
  async check(): Promise<boolean> {
    if (!this.siblingSeen) await this.rememberSibling();
    let progressed = await this.drain();
    let st: Stats;
    try {
      st = await stat(this.path);
    } catch (err) {
      await this.lost(err);
      return progressed;
    }
    if (!st.isFile()) {
      this.setState("error", "not a regular file");
      return progressed;
    }
    if (this.skipped === identityOf(st)) return progressed;
    if (this.current !== null && this.current.identity !== identityOf(st)) {
      this.retire();
      this.ctx.sink.note("rotations");
      progressed = (await this.adoptRotatedSibling()) || progressed;
    }
    if (this.current === null && !(await this.openCurrent())) return progressed;
    return (await this.readCurrent()) || progressed;
  }

  /** Stops following: every open file's last partial line is flushed and its handle closed. */
  async close(): Promise<void> {
    for (const file of [...this.draining, ...(this.current === null ? [] : [this.current])]) {
      await file.close();
    }
    this.draining.length = 0;
    this.current = null;
  }

  private async openCurrent(): Promise<boolean> {
    let skipped: string | null = null;
    const accept = (identity: string) => {
      if (!this.matched || !this.ctx.known.has(identity)) return true;
      skipped = identity;
      return false;
    };
    try {
      this.current = await OpenedFile.open(
        this.path,
        () => this.ctx.sink.open(this.path),
        this.ctx.nowMs(),
        this.firstOffset,
        accept,
      );
    } catch (err) {
      if (errorCode(err) === "ENOENT") {
        this.setState("waiting", describe(err));
      } else {
        if (this.stateNow !== "error") this.ctx.sink.note("readErrors");
        this.setState("error", describe(err));
      }
      return false;
    }
    this.skipped = skipped;
    if (this.current === null) return false;
    this.firstOffset = fromStart;
    this.ctx.known.add(this.current.identity);
    this.setState("following", "");
    return true;
  }

  private async readCurrent(): Promise<boolean> {
    const file = this.current as OpenedFile;
    let st: Stats;
    try {
      st = await file.stat();
      const changed = st.size !== file.lastSize || st.mtimeMs !== file.lastMtimeMs;
      if (st.size < file.offset || (changed && (await file.rewritten()))) {
        this.truncated(file, st.size);
      }
      file.lastSize = st.size;
      file.lastMtimeMs = st.mtimeMs;
      const read = await file.readTo(st.size, this.ctx.buffer, this.ctx.outputReady);
      this.setState("following", "");
      return read > 0;
    } catch (err) {
      this.ctx.sink.note("readErrors");
      this.setState("error", describe(err));
      return false;
    }
  }

  private truncated(file: OpenedFile, size: number): void {
    this.ctx.sink.note("truncations");
    const unread = file.lastSize > file.offset && size < file.lastSize;
    if (unread || file.sink.pendingBytes > 0) this.ctx.sink.note("gaps");
    file.restart(this.ctx.sink.open(this.path));
  }

  /** The path is gone or unreadable: a file we had is drained from now on. */
  private async lost(err: unknown): Promise<void> {
    const code = errorCode(err);
    if (code === "ENOENT" || code === "ENOTDIR") {
      if (this.current !== null) {
        this.retire();
        this.ctx.sink.note("rotations");
        await this.adoptRotatedSibling();
      }
      this.setState("waiting", describe(err));
    } else {
      if (this.stateNow !== "error") this.ctx.sink.note("readErrors");
      this.setState("error", describe(err));
    }
  }

  private retire(): void {
    const file = this.current as OpenedFile;
    file.lastGrowthMs = this.ctx.nowMs();
    this.draining.push(file);
    this.current = null;
  }

  /** A `path.1` present when following starts is an old rotation: never to be read. */
  private async rememberSibling(): Promise<void> {
    this.siblingSeen = true;
    try {
      const st = await stat(`${this.path}.1`);
      if (st.isFile()) this.ctx.known.add(identityOf(st));
    } catch {
      // No rotated sibling yet.
    }
  }

  /**
   * After a rotation, `path.1` may be a file that came and went between two checks (two
   * rotations in a row): if it is not a file already known, it is read from byte 0 and drained.
   */
  private async adoptRotatedSibling(): Promise<boolean> {
    const sibling = `${this.path}.1`;
    try {
      const st = await stat(sibling);
      if (!st.isFile()) return false;
      const file = await OpenedFile.open(
        sibling,
        () => this.ctx.sink.open(this.path),
        this.ctx.nowMs(),
        fromStart,
        (identity) => !this.ctx.known.has(identity),
      );
      if (file === null) return false;
      this.ctx.known.add(file.identity);
      this.draining.push(file);
      return true;
    } catch {
      return false;
    }
  }

  /** Reads rotated-away files while they grow; closes those quiet for the drain time. */
  private async drain(): Promise<boolean> {
    let progressed = false;
    for (const file of [...this.draining]) {
      try {
        const st = await file.stat();
        if (
          st.size > file.offset &&
          (await file.readTo(st.size, this.ctx.buffer, this.ctx.outputReady)) > 0
        ) {
          file.lastGrowthMs = this.ctx.nowMs();
          progressed = true;
        }
      } catch {
        this.ctx.sink.note("readErrors");
        file.lastGrowthMs = -Infinity;
      }
      if (this.ctx.nowMs() - file.lastGrowthMs >= this.ctx.drainMs) {
        this.draining.splice(this.draining.indexOf(file), 1);
        await file.close();
      }
    }
    return progressed;
  }

  private setState(state: TailState, detail: string): void {
    if (state === this.stateNow) return;
    this.stateNow = state;
    this.ctx.sink.state(this.path, state, detail, this.matched);
  }
}
