import { readdir } from "node:fs/promises";
import { basename, dirname, join, normalize } from "node:path";
import { watch, type FSWatcher } from "node:fs";
import type { Clock } from "../../core/clock.js";
import { compilePattern, patternWants, type PathPattern } from "../glob.js";
import { READ_CHUNK_BYTES, type OutputReady } from "../read.js";
import { KnownFiles } from "./known.js";
import type { FirstOffset } from "./opened.js";
import { PathTail, type FollowSink, type TailContext } from "./tail.js";

/** How the follower checks its files. */
export interface FollowOptions {
  /** Paths or patterns with wildcards in the file name. */
  patterns: string[];
  /** Poll only, without file-system events (network mounts, containers). */
  poll: boolean;
  /** Where to start in files that exist when following starts. */
  firstOffset: FirstOffset;
  /** Check interval when files are busy, ms. */
  intervalMs?: number;
  /** Longest interval between checks when nothing changes, ms. */
  maxIntervalMs?: number;
  /** Told of a bug inside a check; following goes on regardless. */
  onError?: (err: unknown) => void;
  /** Rotated-away files are closed after this long without growing, ms. */
  drainMs?: number;
  /** Reading waits here while the outputs are full (a slow pipe reader). */
  outputReady?: OutputReady;
}

/** The check interval while files change, ms. */
export const CHECK_INTERVAL_MS = 250;
/** How long a rotated-away file is still read after its last growth, ms. */
export const DRAIN_MS = 5000;

/**
 * Follows paths and patterns. Polling is the truth: every path is checked on a timer that backs
 * off while nothing changes; file-system events make the file they name be checked at once (the
 * timer then only a safety net). If watching fails, polling goes on alone. Patterns are expanded
 * again on every full check, so matching files that appear later are followed from byte 0.
 */
export class Follower {
  private readonly patterns: PathPattern[];
  private readonly tails = new Map<string, PathTail>();
  /** Each tail's path as events name it (normalised: "./a.log" is "a.log"). */
  private readonly byEventPath = new Map<string, PathTail>();
  private readonly ctx: TailContext;
  private readonly intervalMs: number;
  private readonly maxIntervalMs: number;
  private readonly watchers = new Set<FSWatcher>();
  /** Whether every followed directory is watched (then the timer's check is only a safety net). */
  private allWatched = false;
  private timer: NodeJS.Timeout | null = null;
  private delayMs: number;
  private running: Promise<void> | null = null;
  /** Whether the check under way is a full one (else it checks only the paths events named). */
  private runningAll = false;
  private again = false;
  /** Paths named by file-system events since the last partial check. */
  private readonly woken = new Set<string>();
  private stopped = false;
  private started = false;

  constructor(
    private readonly options: FollowOptions,
    sink: FollowSink,
    clock: Clock,
  ) {
    this.patterns = options.patterns.map(compilePattern);
    this.intervalMs = options.intervalMs ?? CHECK_INTERVAL_MS;
    this.maxIntervalMs = options.maxIntervalMs ?? 4 * this.intervalMs;
    this.delayMs = this.intervalMs;
    this.ctx = {
      sink,
      nowMs: () => clock.nowMs(),
      drainMs: options.drainMs ?? DRAIN_MS,
      buffer: Buffer.allocUnsafe(READ_CHUNK_BYTES),
      outputReady: options.outputReady ?? (() => null),
      known: new KnownFiles(),
    };
  }

  /** Whether file-system events are being used as hints. */
  get watching(): boolean {
    return this.watchers.size > 0;
  }

  /** Reads what is there (from where the start mode says), then keeps following. */
  async start(): Promise<void> {
    await this.check().catch((err: unknown) => this.options.onError?.(err));
    this.started = true;
    if (!this.options.poll) this.startWatcher();
    this.schedule();
  }

  /** Checks every path now; resolves when this check (or the one under way and a new one) ends. */
  async check(): Promise<void> {
    if (this.running !== null) {
      if (!this.runningAll) {
        await this.running.catch(() => undefined);
        return this.check();
      }
      this.again = true;
      return this.running;
    }
    this.runningAll = true;
    this.running = this.checkAll();
    try {
      await this.running;
    } finally {
      this.running = null;
      this.runningAll = false;
    }
  }

  /** How many paths are followed now (files found by patterns are forgotten once gone). */
  get paths(): number {
    return this.tails.size;
  }

  /** Stops following; every file's last partial line is flushed. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    for (const watcher of this.watchers) watcher.close();
    this.watchers.clear();
    await this.running;
    for (const tail of this.tails.values()) await tail.close();
  }

  private async checkAll(): Promise<void> {
    let progressed = false;
    do {
      this.again = false;
      await this.discover();
      for (const tail of this.tails.values()) {
        if (this.stopped) return;
        progressed = (await tail.check()) || progressed;
      }
    } while (this.again && !this.stopped);
    this.forgetGone();
    // With file-system events, they drive reading and this full check is only the safety net.
    if (this.allWatched && this.watchers.size > 0) this.delayMs = this.maxIntervalMs;
    else
      this.delayMs = progressed ? this.intervalMs : Math.min(this.maxIntervalMs, this.delayMs * 2);
  }

  /** Files found by a pattern and since deleted (and drained) are no longer checked. */
  private forgetGone(): void {
    for (const [path, tail] of this.tails) {
      if (!tail.matched || !tail.gone) continue;
      tail.forget();
      this.tails.delete(path);
      this.byEventPath.delete(normalize(path));
    }
  }

  /** Checks only the paths that file-system events named, and new files a pattern wants. */
  private async checkWoken(): Promise<void> {
    while (this.running !== null) await this.running.catch(() => undefined);
    if (this.stopped || this.woken.size === 0) return;
    const paths = [...this.woken];
    this.woken.clear();
    this.running = (async () => {
      for (const path of paths) {
        if (!this.byEventPath.has(path) && this.wanted(path)) this.addTail(path, true);
        const tail = this.byEventPath.get(path);
        if (tail !== undefined && !this.stopped) await tail.check();
      }
    })();
    try {
      await this.running;
    } finally {
      this.running = null;
    }
  }

  /** Whether a pattern with a wildcard names `path`. */
  private wanted(path: string): boolean {
    const dir = dirname(path);
    const name = basename(path);
    return this.patterns.some(
      (p) => p.name !== null && normalize(p.dir) === dir && patternWants(p, name),
    );
  }

  /** Adds a tail for every plain path and every new file matching a pattern. */
  private async discover(): Promise<void> {
    for (const pattern of this.patterns) {
      if (pattern.name === null) {
        this.addTail(pattern.text, false);
        continue;
      }
      let names: string[];
      try {
        names = await readdir(pattern.dir);
      } catch {
        continue;
      }
      for (const name of names.sort()) {
        if (patternWants(pattern, name)) this.addTail(join(pattern.dir, name), true);
      }
    }
  }

  /** Follows `path`; one found by a pattern never re-reads a file already followed elsewhere. */
  private addTail(path: string, matched: boolean): void {
    if (this.tails.has(path)) return;
    const first = this.started ? undefined : this.options.firstOffset;
    const tail = new PathTail(path, this.ctx, first, matched);
    this.tails.set(path, tail);
    this.byEventPath.set(normalize(path), tail);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.check()
        .catch((err: unknown) => this.options.onError?.(err))
        .finally(() => this.schedule());
    }, this.delayMs);
  }

  /**
   * A file-system event on `path`: that path is checked at once (events that come together are
   * checked together), not every path; the timer's full check stays the safety net.
   */
  private wake(path: string): void {
    if (this.stopped) return;
    const first = this.woken.size === 0;
    this.woken.add(normalize(path));
    if (!first) return;
    setImmediate(() => {
      this.checkWoken().catch((err: unknown) => this.options.onError?.(err));
    });
  }

  /**
   * Watches each followed directory with the kernel's own notifications (inotify): an event names
   * the file, and only that file is checked. (chokidar rescanned the whole directory, a stat per
   * file, on every event: 80 % of a core for 100 files at 2,000 lines/s.) A directory that
   * cannot be watched leaves its files to the timer's checks.
   */
  private startWatcher(): void {
    const dirs = [...new Set(this.patterns.map((p) => p.dir))];
    for (const dir of dirs) {
      try {
        const watcher = watch(dir, { persistent: false }, (_event, name) => {
          if (name !== null) this.wake(join(dir, name));
        });
        watcher.on("error", () => {
          watcher.close();
          this.watchers.delete(watcher);
        });
        this.watchers.add(watcher);
      } catch {
        // Missing or unwatchable: polled.
      }
    }
    this.allWatched = this.watchers.size === dirs.length;
  }
}
