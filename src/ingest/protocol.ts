import type { RunLine } from "../core/run.js";
import type { JsonField } from "../parse/jsonl.js";
import type { RunOptions } from "../stats/monitor-types.js";
import type { RunState } from "../stats/run-parts.js";
import type { Batch } from "./batch.js";

/** What a parsing thread is started with. */
export interface WorkerSetup {
  /** The file to read and the name its lines are counted under. */
  path: string;
  format: string;
  jsonFields: Partial<Record<JsonField, string>>;
  /** The ring of batch buffers, and a counter of batches read (Int32, index 0) to wait on. */
  ring: SharedArrayBuffer[];
  freed: SharedArrayBuffer;
  /** Sample the file first and decline it when its hosts and sections rarely repeat. */
  decide: boolean;
  /**
   * The file as the counting thread found it (source/identity.ts), when it keeps lines by their
   * offsets in it (the HTTP server's store): the thread declines another file found at `path`.
   */
  identity: string | null;
  /** The whole run's statistics to count on (the thread has the paths and agents), or null. */
  run: { options: RunOptions; state: RunState } | null;
}

/**
 * Messages from a parsing thread, in order: batches with the bytes read so far and the format
 * the parser settled on (and snapshots of the whole run when asked); then done, with the whole
 * run's state, or failed with the reading error. Or only declined: the file is better parsed by
 * the counting thread itself (see keysRepeat).
 */
export type FromWorker =
  | { type: "batch"; batch: Batch; bytes: number; format: string }
  | { type: "run"; line: RunLine }
  | { type: "done"; bytes: number; format: string; run: RunState | null }
  | { type: "failed"; code: string | undefined; message: string }
  | { type: "declined" };

/** Messages to a parsing thread that counts the whole run: a snapshot wanted, or R. */
export type ToWorker = { type: "snapshot"; top: number } | { type: "reset" };
