import { statSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { BatchReader } from "./batch.js";
import { batchRing } from "./columns.js";
import { movable } from "../stats/run-parts.js";
import { identityOf } from "../source/identity.js";
import { OffsetFeed, type LineTap } from "./tap.js";
import type { OutputReady } from "../source/read.js";
import type { Ingest } from "./ingest.js";
import type { FromWorker, ToWorker, WorkerSetup } from "./protocol.js";

/** Batches the parsing thread may be ahead by: keeps both threads busy, bounds memory (~4 MB). */
const RING_SIZE = 4;

/**
 * Replays file `path` with its lines read and parsed on a worker thread while this thread counts
 * them: batches come back in order and are applied through the same LineTarget as the
 * single-threaded path, so the output is byte for byte the same. A batch's buffer is handed back
 * only once `outputReady` allows, so a slow reader of the output holds the parsing thread up
 * rather than memory filling. The input's tap (the HTTP server's store) keeps the lines by their
 * offsets, which the batches carry. Resolves with true when every line is counted, or with false
 * at once when the file is better read here (nothing counted): `setup.decide` let the thread
 * decline it, or the tap cannot keep it by offsets; rejects with the reading error (its errno
 * code kept) or a worker failure.
 */
export async function replayOnWorker(
  path: string,
  ingest: Ingest,
  setup: Pick<WorkerSetup, "format" | "jsonFields" | "decide">,
  hooks: {
    /** See OutputReady. */
    outputReady: OutputReady;
    /** Called once the worker thread runs (its isolate is set up). */
    started: () => void;
  },
): Promise<boolean> {
  const tap = ingest.tapOf(path);
  const identity = tap === null ? null : keptByOffset(path, tap);
  if (tap !== null && identity === null) return false;
  const { outputReady, started } = hooks;
  const ring = batchRing(RING_SIZE);
  const freedBuffer = new SharedArrayBuffer(4);
  const freed = new Int32Array(freedBuffer);
  // The whole run is counted on the thread that has each line's path and agent, from where it
  // stands now; snapshots are asked of it (one at a time) until its count comes back.
  const run = ingest.run;
  let asking = false;
  const tell = (message: ToWorker) => worker.postMessage(message);
  const state =
    run?.lend({
      ask: (top) => {
        if (!asking) tell({ type: "snapshot", top });
        asking = true;
      },
      reset: () => tell({ type: "reset" }),
    }) ?? null;
  let worker: Worker;
  try {
    worker = new Worker(new URL("./worker.js", import.meta.url), {
      workerData: {
        ...setup,
        path,
        ring,
        freed: freedBuffer,
        run: run === null || state === null ? null : { options: run.options, state },
        identity,
      } satisfies WorkerSetup,
      resourceLimits: { maxYoungGenerationSizeMb: 2 },
      transferList: state === null ? [] : movable(state),
    });
  } catch (err) {
    run?.resume(null);
    tap?.end();
    throw err;
  }
  const target = ingest.target(path);
  const feed = tap === null ? null : new OffsetFeed(tap);
  const reader = new BatchReader(ring);
  let counted = 0;
  const received = (bytes: number, format: string) => {
    ingest.received(bytes - counted, format);
    counted = bytes;
  };

  return new Promise<boolean>((resolve, reject) => {
    const finish = (err: Error | null, parsed = true, counted: FromWorker | null = null) => {
      worker.removeAllListeners();
      run?.resume(counted?.type === "done" ? counted.run : null);
      feed?.send();
      tap?.end();
      // A declined file is replayed here next: let the thread's memory go first.
      const stopped = worker.terminate();
      if (err !== null) reject(err);
      else if (parsed) resolve(true);
      else void stopped.then(() => resolve(false));
    };
    worker.on("message", (message: FromWorker) => {
      try {
        if (message.type === "batch") {
          reader.apply(message.batch, target);
          if (feed !== null) {
            reader.feedRecords(message.batch, feed);
            feed.flush();
          }
          const release = () => {
            Atomics.add(freed, 0, 1);
            Atomics.notify(freed, 0);
          };
          const ready = outputReady();
          if (ready === null) release();
          else void ready.then(release);
          received(message.bytes, message.format);
        } else if (message.type === "run") {
          asking = false;
          run?.lent(message.line);
        } else if (message.type === "done") {
          received(message.bytes, message.format);
          finish(null, true, message);
        } else if (message.type === "declined") {
          finish(null, false);
        } else {
          finish(Object.assign(new Error(message.message), { code: message.code }));
        }
      } catch (err) {
        finish(err as Error);
      }
    });
    worker.once("online", started);
    worker.on("error", (err) => finish(err));
    worker.on("exit", (code) => finish(new Error(`parsing thread stopped (exit ${code})`)));
  });
}

/** The file's identity if `tap` keeps its lines by offset (it opened that very file), else null. */
function keptByOffset(path: string, tap: LineTap): string | null {
  let identity: string;
  try {
    identity = identityOf(statSync(path));
  } catch {
    tap.end();
    return null;
  }
  if (tap.file(path, identity)) return identity;
  tap.end();
  return null;
}
