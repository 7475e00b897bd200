import { parentPort, workerData } from "node:worker_threads";
import { parserFactory } from "../parse/detect.js";
import { readFileInto, type ByteSink } from "../source/read.js";
import { BatchWriter } from "./batch.js";
import { keysRepeat } from "./sample.js";
import { RunStats } from "../stats/run.js";
import { LINES, movable } from "../stats/run-parts.js";
import type { FromWorker, ToWorker, WorkerSetup } from "./protocol.js";
import { parsingSink, type LineTarget } from "./sink.js";

// A parsing thread: reads one file in order and sends back batches of parsed lines, waiting
// whenever the counting thread has every buffer of the ring still to read.
const port = parentPort;
if (port === null) throw new Error("worker.js runs as a worker thread");
const setup = workerData as WorkerSetup;
const parser = parserFactory(setup.format, setup.jsonFields)();
const freed = new Int32Array(setup.freed);
/** Sends `message`; the buffers in `moved` go with it rather than being copied. */
const post = (message: FromWorker, moved: ArrayBuffer[] = []) => port.postMessage(message, moved);
let position = 0;
const writer = new BatchWriter(
  setup.ring,
  (n) => {
    for (;;) {
      const read = Atomics.load(freed, 0);
      if (n - read < setup.ring.length) return;
      Atomics.wait(freed, 0, read);
    }
  },
  (batch) => post({ type: "batch", batch, bytes: position, format: parser.name }),
  // The whole run's full paths are counted on the other thread, from the bytes sent.
  setup.run !== null,
);
// The whole run's referrers and agents are counted here, where each line's text is at hand; the
// rest on the counting thread, from the batches (the agent's hash and the path go with them).
const run = setup.run === null ? null : new RunStats(setup.run.options);
if (run !== null && setup.run !== null) {
  run.load(setup.run.state, LINES);
  run.countLines();
}
const target: LineTarget =
  run === null
    ? writer
    : {
        record: (rec, offset, length) => {
          run.record(rec);
          writer.record(rec, offset, length);
        },
        directive: () => writer.directive(),
        invalid: (reason, sample) => writer.invalid(reason, sample),
        droppedNul: (bytes) => writer.droppedNul(bytes),
      };
port.on("message", (message: ToWorker) => {
  if (run === null) return;
  if (message.type === "reset") run.reset();
  else post({ type: "run", line: run.snapshot(message.top) });
});
const sink = parsingSink(setup.path, parser, target, undefined, run?.keep ?? 0);
/** Thrown when the file opened is not the one the counting thread keeps lines of. */
const REPLACED = new Error("replaced");
/** The sink, counting the bytes read so far for the batches to report. */
const counting: ByteSink = {
  push(chunk: Buffer, offset?: number): void {
    position += chunk.length;
    sink.push(chunk, offset);
  },
  file(_path: string, identity: string): void {
    if (setup.identity !== null && identity !== setup.identity) throw REPLACED;
  },
  end: () => sink.end(),
  get pendingBytes(): number {
    return sink.pendingBytes;
  },
};

try {
  if (setup.decide && !keysRepeat(setup.path, parserFactory(setup.format, setup.jsonFields)())) {
    post({ type: "declined" });
  } else {
    await readFileInto(setup.path, counting);
    writer.end();
    // Only what this thread counted goes back, its filters moved rather than copied.
    const state = run?.state(LINES) ?? null;
    post(
      { type: "done", bytes: position, format: parser.name, run: state },
      state === null ? [] : movable(state),
    );
  }
} catch (err) {
  const e = err as NodeJS.ErrnoException;
  post(
    err === REPLACED ? { type: "declined" } : { type: "failed", code: e.code, message: e.message },
  );
}
