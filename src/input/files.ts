import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { UsageError } from "../core/errors.js";
import { emptyRecord } from "../core/types.js";
import { keepHeapSmall } from "../ingest/heap.js";
import { replayOnWorker } from "../ingest/parallel.js";
import { backfillFrom, fromEnd } from "../source/backfill.js";
import { describeFsError } from "../source/errors.js";
import { Follower } from "../source/follow/follower.js";
import { fromStart, type FirstOffset } from "../source/follow/opened.js";
import { compilePattern, matchingPaths, type PathPattern } from "../source/glob.js";
import { readFifoInto, readFileInto } from "../source/read.js";
import {
  ReadFailure,
  streamInput,
  type FollowedInput,
  type Input,
  type InputContext,
  type InputScheme,
} from "./input.js";
import { secondThread } from "./threads.js";

function compile(spec: string): PathPattern {
  try {
    return compilePattern(spec);
  } catch (err) {
    throw new UsageError((err as Error).message, 2);
  }
}

/** The files a pattern names now, sorted; a plain path names itself. */
async function expand(pattern: PathPattern): Promise<string[]> {
  const found = await matchingPaths(pattern);
  if (found.length === 0) throw new UsageError(`no file matches ${pattern.text}`, 2);
  return found;
}

/** A directory is never an input; a missing or unreadable file is one only when following. */
async function checkReadable(file: string, mustExist: boolean): Promise<void> {
  try {
    if ((await stat(file)).isDirectory()) throw new UsageError(`${file} is a directory`, 2);
    await access(file, constants.R_OK);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const absent = code === "ENOENT" || code === "ENOTDIR" || code === "EACCES" || code === "EPERM";
    if (!mustExist && absent) return;
    throw new UsageError(`cannot read ${file}: ${describeFsError(err)}`, 2);
  }
}

/** The files a path or pattern names now, each checked readable (a UsageError if not). */
export async function readableFiles(spec: string): Promise<string[]> {
  const files = await expand(compile(spec));
  for (const file of files) await checkReadable(file, true);
  return files;
}

async function isFifo(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFIFO();
  } catch {
    return false;
  }
}

/**
 * A named pipe or process substitution given to follow (`logmon --json <(cmd)`): read as a
 * stream, as --replay does, and ended when its writer closes it.
 */
function fifoInput(path: string, ctx: InputContext): Input {
  return streamInput(path, ctx, path, () =>
    readFifoInto(path, ctx.ingest.input(path), ctx.outputReady),
  );
}

/** Where following starts in a file that exists already. */
function firstOffset(ctx: InputContext): FirstOffset {
  if (ctx.start === "start") return fromStart;
  if (ctx.start === "end") return fromEnd;
  const rec = emptyRecord();
  return (handle, size) => {
    const parser = ctx.makeParser();
    const timeOf = (buf: Buffer, start: number, end: number) =>
      parser.parse(buf, start, end, rec) === null ? rec.time : NaN;
    return backfillFrom(ctx.windowS, timeOf)(handle, size);
  };
}

/** Replays one file, with a second thread parsing it when --threads and its size say so. */
async function replayFile(file: string, ctx: InputContext): Promise<void> {
  try {
    await replayFileUnchecked(file, ctx);
  } catch (err) {
    throw new ReadFailure(file, err);
  }
}

async function replayFileUnchecked(file: string, ctx: InputContext): Promise<void> {
  const use = secondThread(file, ctx.threads);
  if (use !== "no") {
    const { format, jsonFields } = ctx.parsing;
    const hooks = { outputReady: ctx.outputReady, started: keepHeapSmall };
    const setup = { format, jsonFields, decide: use === "try" };
    if (await replayOnWorker(file, ctx.ingest, setup, hooks)) return;
  }
  await readFileInto(file, ctx.ingest.input(file), ctx.reading, ctx.outputReady);
}

/**
 * One Follower for every file input of a run, made once all of them have asked (on the next
 * microtask): a file matched by two patterns is then read once, and a rotated file is
 * recognised whichever pattern found it.
 */
const followers = new WeakMap<InputContext, { patterns: string[]; stop: () => Promise<void> }>();

function followFiles(spec: string, ctx: InputContext): FollowedInput {
  let shared = followers.get(ctx);
  if (shared === undefined) {
    const patterns: string[] = [];
    const follower = Promise.resolve().then(() => {
      const f = new Follower(
        {
          patterns,
          poll: ctx.poll,
          firstOffset: firstOffset(ctx),
          outputReady: ctx.outputReady,
          onError: (err) => ctx.warn(`internal error while following: ${(err as Error).message}`),
        },
        {
          open: (path) => ctx.ingest.input(path),
          note: (event) => ctx.ingest.note(event),
          state: (path, state, detail, matched) => ctx.state(path, state, detail, matched),
        },
        ctx.clock,
      );
      void f.start();
      return f;
    });
    let stopped: Promise<void> | null = null;
    const stop = () => (stopped ??= follower.then((f) => f.stop()));
    shared = { patterns, stop };
    followers.set(ctx, shared);
  }
  shared.patterns.push(spec);
  return { ended: null, stop: shared.stop };
}

/**
 * A path or a pattern with wildcards in the file name. Replay expands patterns once and needs
 * every file readable now; following waits for missing files and picks up new matches.
 */
export const fileScheme: InputScheme = {
  accepts: (spec) => spec !== "-" && !/^[a-z][a-z0-9+.-]*:\/\//i.test(spec),
  open: async (spec: string, ctx: InputContext, replay: boolean): Promise<Input> => {
    const pattern = compile(spec);
    const replayFiles = async (files: string[]) => {
      for (const file of files) {
        ctx.state(file, "reading", "");
        await replayFile(file, ctx);
        ctx.state(file, "ended", "");
      }
    };
    const follow = () => followFiles(spec, ctx);
    if (!replay) {
      if (pattern.name === null && (await isFifo(spec))) return fifoInput(spec, ctx);
      if (pattern.name === null) await checkReadable(spec, false);
      // Replaying it later reads the files it names then.
      const later = async () => replayFiles(await readableFiles(spec));
      return { statuses: [{ path: spec, state: "waiting" }], replay: later, follow };
    }
    const files = await readableFiles(spec);
    const statuses = files.map((path) => ({ path, state: "waiting" as const }));
    return { statuses, replay: () => replayFiles(files), follow };
  },
};
