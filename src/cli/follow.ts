import type { Clock } from "../core/clock.js";
import { emptyRecord } from "../core/types.js";
import type { Ingest } from "../ingest/ingest.js";
import type { LineParser } from "../parse/parser.js";
import { backfillFrom, fromEnd } from "../source/backfill.js";
import { fromStart, type FirstOffset } from "../source/follow/opened.js";
import { Follower } from "../source/follow/follower.js";
import type { TailState } from "../source/follow/tail.js";
import type { Readable } from "node:stream";
import { readStreamInto } from "../source/read.js";
import { LiveTime } from "../stats/live.js";
import type { Monitor } from "../stats/monitor.js";
import type { InputStatus } from "../output/dashboard/model.js";
import type { Options } from "./options.js";

/** How often log time is moved on by the wall clock and --idle-exit is checked, ms. */
export const TICK_MS = 250;

/** Exit status after a signal, as shells report it. */
const SIGNAL_STATUS: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

function firstOffset(options: Options, makeParser: () => LineParser): FirstOffset {
  if (options.start === "start") return fromStart;
  if (options.start === "end") return fromEnd;
  const rec = emptyRecord();
  return (handle, size) => {
    const parser = makeParser();
    const timeOf = (buf: Buffer, start: number, end: number) =>
      parser.parse(buf, start, end, rec) === null ? rec.time : NaN;
    return backfillFrom(options.windowS, timeOf)(handle, size);
  };
}

/** A path missing for less than this (the instant of a rename rotation) is not announced, ms. */
export const WAIT_NOTICE_MS = 1000;

function stateMessage(path: string, state: TailState, detail: string): string {
  if (state === "waiting") return `logmon: waiting for ${path} (${detail})\n`;
  if (state === "error") return `logmon: cannot read ${path}: ${detail} (retrying)\n`;
  return `logmon: following ${path}\n`;
}

/**
 * Tells the user on stderr when a path is missing or unreadable, and when it is back; a path
 * missing only for the instant of a rotation is not worth a line.
 */
function announcer(
  write: (text: string) => void,
): (path: string, state: TailState, detail: string) => void {
  const seen = new Set<string>();
  const told = new Set<string>();
  const timers = new Map<string, NodeJS.Timeout>();
  const tell = (path: string, state: TailState, detail: string) => {
    write(stateMessage(path, state, detail));
    if (state === "following") told.delete(path);
    else told.add(path);
  };
  return (path, state, detail) => {
    clearTimeout(timers.get(path));
    timers.delete(path);
    const first = !seen.has(path);
    seen.add(path);
    if (state === "following") {
      if (told.has(path)) tell(path, state, detail);
    } else if (state === "waiting" && !first) {
      timers.set(path, setTimeout(() => tell(path, state, detail), WAIT_NOTICE_MS).unref());
    } else {
      tell(path, state, detail);
    }
  };
}

/** A run that follows its inputs until stopped. */
export interface Following {
  /** Resolves to the exit status once stopped and the summary is written. */
  done: Promise<number>;
  /** Stops following with this exit status (idempotent). */
  stop(status: number): void;
  /** Every input and its state, for the dashboard's header. */
  inputs(): InputStatus[];
}

/** What a followed run works with. */
export interface FollowContext {
  monitor: Monitor;
  ingest: Ingest;
  clock: Clock;
  /** Writes the summary once following has stopped. */
  writeSummary: () => void;
  /** Keep state notices off stderr (the dashboard shows them in its header instead). */
  quiet: boolean;
  /** The stream read for the input "-", and the name it is shown under. */
  stdin: { stream: NodeJS.ReadableStream; name: string };
  makeParser: () => LineParser;
}

/**
 * Follows files (and a live stdin) until a signal, --idle-exit, stop(), or the end of stdin when
 * it is the only input; then writes the summary. Starts at once.
 */
export function follow(options: Options, inputs: string[], ctx: FollowContext): Following {
  const { monitor, ingest, clock, writeSummary, quiet, stdin, makeParser } = ctx;
  const files = inputs.filter((f) => f !== "-");
  const states = new Map<string, InputStatus>(
    inputs.map((f) => [
      f,
      f === "-" ? { path: stdin.name, state: "stdin" } : { path: f, state: "waiting" },
    ]),
  );
  const announce = announcer((text) => {
    if (!quiet) process.stderr.write(text);
  });
  const follower = new Follower(
    {
      patterns: files,
      poll: options.poll,
      firstOffset: firstOffset(options, makeParser),
      onError: (err) =>
        process.stderr.write(`logmon: internal error while following: ${(err as Error).message}\n`),
    },
    {
      open: (path) => ingest.input(path),
      note: (event) => monitor.note(event),
      state: (path, state, detail) => {
        states.set(path, detail === "" ? { path, state } : { path, state, detail });
        announce(path, state, detail);
      },
    },
    clock,
  );
  const live = new LiveTime(clock);
  let lastBytes = -1;
  let lastActivityMs = clock.nowMs();
  let stopping = false;
  let resolveDone: (status: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));

  const stop = (status: number): void => {
    if (stopping) return;
    stopping = true;
    clearInterval(ticker);
    stdin.stream.pause();
    void follower.stop().then(() => {
      writeSummary();
      resolveDone(status);
    });
  };
  const ticker = setInterval(() => {
    const bytes = ingest.bytesRead;
    if (bytes !== lastBytes) {
      lastBytes = bytes;
      lastActivityMs = clock.nowMs();
    }
    const now = live.now(monitor.lastLineTime, bytes);
    if (now !== null) monitor.tick(now);
    if (options.idleExitS !== null && clock.nowMs() - lastActivityMs >= options.idleExitS * 1000) {
      stop(0);
    }
  }, TICK_MS);
  for (const signal of Object.keys(SIGNAL_STATUS)) {
    process.once(signal, () => stop(SIGNAL_STATUS[signal] as number));
  }
  if (inputs.includes("-")) {
    readStreamInto(stdin.stream as Readable, ingest.input(stdin.name)).then(
      () => {
        if (files.length === 0) stop(0);
      },
      (err: unknown) => {
        process.stderr.write(`logmon: cannot read standard input: ${(err as Error).message}\n`);
        stop(1);
      },
    );
  }
  if (files.length > 0) void follower.start();
  return { done, stop, inputs: () => [...states.values()] };
}
