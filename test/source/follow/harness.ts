import { mkdtempSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect } from "vitest";
import type { Clock } from "../../../src/core/clock.js";
import type { SourceEvent } from "../../../src/core/types.js";
import { fromStart, type FirstOffset } from "../../../src/source/follow/opened.js";
import { Follower } from "../../../src/source/follow/follower.js";
import type { FollowSink, TailState } from "../../../src/source/follow/tail.js";
import { LineSplitter } from "../../../src/source/lines.js";
import { dropNul } from "../../../src/source/nul.js";
import type { ByteSink } from "../../../src/source/read.js";

/** Both ways of following: file-system events as hints, and polling alone. */
export const MODES = ["watch", "poll"] as const;

/** A fresh directory for one test's files. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "logmon-follow-"));
}

/** Lines "line <from>" … "line <to>", each with its newline. */
export function lines(from: number, to: number): string {
  let out = "";
  for (let i = from; i <= to; i++) out += `line ${i}\n`;
  return out;
}

/** Writes lines from..to to a new file. */
export function writeLines(path: string, from: number, to: number): void {
  writeFileSync(path, lines(from, to));
}

/** Appends lines from..to. */
export function appendLines(path: string, from: number, to: number): void {
  appendFileSync(path, lines(from, to));
}

/** Collects what the follower delivers: every line (in order per file), events and states. */
export class Collector implements FollowSink {
  readonly lines: string[] = [];
  readonly events: Record<SourceEvent, number> = {
    rotations: 0,
    truncations: 0,
    invalidBytes: 0,
    readErrors: 0,
    denied: 0,
    dropped: 0,
    gaps: 0,
  };
  readonly states: [string, TailState, string][] = [];
  readonly perPath = new Map<string, number>();
  oversize = 0;
  pushes = 0;
  /** The sinks handed out, to look at what they hold. */
  readonly sinks: ByteSink[] = [];

  open(path: string): ByteSink {
    const splitter = new LineSplitter(
      (buf, start, end) => {
        this.lines.push(buf.toString("utf8", start, end));
        this.perPath.set(path, (this.perPath.get(path) ?? 0) + 1);
      },
      () => this.oversize++,
      1024 * 1024,
    );
    const push = splitter.push.bind(splitter);
    splitter.push = (chunk: Buffer) => {
      this.pushes++;
      push(chunk);
    };
    const sink = dropNul(splitter, (n) => (this.events.invalidBytes += n));
    this.sinks.push(sink);
    return sink;
  }

  note(event: SourceEvent): void {
    this.events[event]++;
  }

  state(path: string, state: TailState, detail: string): void {
    this.states.push([path, state, detail]);
  }

  /** The numbers of the "line N" lines, sorted. */
  numbers(): number[] {
    return this.lines.map((l) => Number(l.replace("line ", ""))).sort((a, b) => a - b);
  }
}

/** 1..n, what numbers() is after n lines were each read exactly once. */
export function oneTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

const wallClock: Clock = { nowMs: () => Date.now() };

/** Starts a follower on `patterns` in `mode`; the caller stops it. */
export async function startFollower(
  mode: (typeof MODES)[number],
  patterns: string[],
  options: { firstOffset?: FirstOffset; drainMs?: number; clock?: Clock } = {},
): Promise<{ follower: Follower; got: Collector }> {
  const got = new Collector();
  const follower = new Follower(
    {
      patterns,
      poll: mode === "poll",
      firstOffset: options.firstOffset ?? fromStart,
      intervalMs: 50,
      maxIntervalMs: 200,
      drainMs: options.drainMs ?? 2000,
    },
    got,
    options.clock ?? wallClock,
  );
  await follower.start();
  return { follower, got };
}

/** Waits (polling, with a deadline) until exactly lines 1..n have been read. */
export async function expectLines(got: Collector, n: number): Promise<void> {
  await expect
    .poll(() => got.lines.length, { timeout: 10_000, interval: 20 })
    .toBeGreaterThanOrEqual(n);
  expect(got.numbers()).toEqual(oneTo(n));
}

/** What a started follower gives a test. */
export type Followed = Awaited<ReturnType<typeof startFollower>>;

/** A starter for the tests of one describe block; every follower it starts is stopped after each test. */
export function followers(
  mode: (typeof MODES)[number],
): (patterns: string[], options?: Parameters<typeof startFollower>[2]) => Promise<Followed> {
  const running: Follower[] = [];
  afterEach(async () => {
    for (const follower of running.splice(0)) await follower.stop();
  });
  return async (patterns, options) => {
    const run = await startFollower(mode, patterns, options);
    running.push(run.follower);
    return run;
  };
}

/** A new log holding lines 1..n, followed, once all n have been read. */
export async function followedLog(
  start: ReturnType<typeof followers>,
  n: number,
  options?: Parameters<typeof startFollower>[2],
): Promise<Followed & { log: string }> {
  const log = join(tempDir(), "access.log");
  writeLines(log, 1, n);
  const run = await start([log], options);
  await expectLines(run.got, n);
  return { log, ...run };
}
