import { closeSync, openSync, readSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { parserFactory } from "../parse/detect.js";
import { REPLAY_READ_BYTES } from "../source/read.js";
import { SAMPLES_PER_REASON } from "../stats/samples.js";
import { BatchWriter } from "./batch.js";
import { keysRepeat } from "./sample.js";
import type { FromWorker, WorkerSetup } from "./protocol.js";
import { parsingSink } from "./sink.js";

// A parsing thread: reads one file in order and sends back batches of parsed lines, waiting
// whenever the counting thread has every buffer of the ring still to read.
const port = parentPort;
if (port === null) throw new Error("worker.js runs as a worker thread");
const setup = workerData as WorkerSetup;
const parser = parserFactory(setup.format, setup.jsonFields)();
const freed = new Int32Array(setup.freed);
const post = (message: FromWorker) => port.postMessage(message);
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
  SAMPLES_PER_REASON,
);
const sink = parsingSink(setup.path, parser, writer);

function parseAll(): void {
  const fd = openSync(setup.path, "r");
  try {
    const buf = Buffer.allocUnsafe(REPLAY_READ_BYTES);
    for (;;) {
      const length = readSync(fd, buf, 0, buf.length, position);
      if (length === 0) break;
      position += length;
      sink.push(buf.subarray(0, length));
    }
  } finally {
    closeSync(fd);
  }
  sink.end();
  writer.end();
  post({ type: "done", bytes: position, format: parser.name });
}

try {
  const sampler = parserFactory(setup.format, setup.jsonFields)();
  if (setup.decide && !keysRepeat(setup.path, sampler)) post({ type: "declined" });
  else parseAll();
} catch (err) {
  const e = err as NodeJS.ErrnoException;
  post({ type: "failed", code: e.code, message: e.message });
}
