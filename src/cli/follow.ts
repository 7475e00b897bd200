import type { Clock } from "../core/clock.js";
import { emptyRecord } from "../core/types.js";
import type { Ingest } from "../ingest/ingest.js";
import { parseClf } from "../parse/clf.js";
import { backfillFrom, fromEnd } from "../source/backfill.js";
import { fromStart, type FirstOffset } from "../source/follow/opened.js";
import { Follower } from "../source/follow/follower.js";
import type { TailState } from "../source/follow/tail.js";
import { readStreamInto } from "../source/read.js";
import { LiveTime } from "../stats/live.js";
import type { Monitor } from "../stats/monitor.js";
import type { Options } from "./options.js";

/** How often log time is moved on by the wall clock and --idle-exit is checked, ms. */
export const TICK_MS = 250;

/** Exit status after a signal, as shells report it. */
const SIGNAL_STATUS: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

function firstOffset(options: Options): FirstOffset {
  if (options.start === "start") return fromStart;
  if (options.start === "end") return fromEnd;
  const rec = emptyRecord();
  return backfillFrom(options.windowS, (buf, start, end) =>
    parseClf(buf, start, end, rec) === null ? rec.time : NaN,
  );
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

/**
 * Follows files (and a live stdin) until a signal, --idle-exit, or the end of stdin when it is
 * the only input; then writes the last report and the summary. Resolves to the exit status.
 */
export function follow(
  options: Options,
  inputs: string[],
  monitor: Monitor,
  ingest: Ingest,
  clock: Clock,
  writeSummary: () => void,
): Promise<number> {
  const files = inputs.filter((f) => f !== "-");
  const follower = new Follower(
    { patterns: files, poll: options.poll, firstOffset: firstOffset(options) },
    {
      open: (path) => ingest.input(path),
      note: (event) => monitor.note(event),
      state: announcer((text) => process.stderr.write(text)),
    },
    clock,
  );
  const live = new LiveTime(clock);
  let lastBytes = -1;
  let lastActivityMs = clock.nowMs();

  return new Promise((resolve) => {
    let stopping = false;
    const stop = async (status: number): Promise<void> => {
      if (stopping) return;
      stopping = true;
      clearInterval(ticker);
      process.stdin.pause();
      await follower.stop();
      writeSummary();
      resolve(status);
    };
    const ticker = setInterval(() => {
      const bytes = ingest.bytesRead;
      if (bytes !== lastBytes) {
        lastBytes = bytes;
        lastActivityMs = clock.nowMs();
      }
      const now = live.now(monitor.lastLineTime, bytes);
      if (now !== null) monitor.tick(now);
      if (
        options.idleExitS !== null &&
        clock.nowMs() - lastActivityMs >= options.idleExitS * 1000
      ) {
        void stop(0);
      }
    }, TICK_MS);
    for (const signal of Object.keys(SIGNAL_STATUS)) {
      process.once(signal, () => void stop(SIGNAL_STATUS[signal] as number));
    }
    if (inputs.includes("-")) {
      readStreamInto(process.stdin, ingest.input("-")).then(
        () => {
          if (files.length === 0) void stop(0);
        },
        (err: unknown) => {
          process.stderr.write(`logmon: cannot read standard input: ${(err as Error).message}\n`);
          void stop(1);
        },
      );
    }
    if (files.length > 0) void follower.start();
  });
}
