import { statSync } from "node:fs";
import { availableParallelism } from "node:os";

/** Files smaller than this are replayed on one thread: a second one would not pay for itself. */
const AUTO_MIN_BYTES = 64 << 20;

/**
 * How replaying `file` uses a second thread: "yes" with --threads 2; "try" with --threads auto
 * when there are two cores and the file is large (the thread samples it and may decline, see
 * keysRepeat); "no" with --threads 1 (the default), and for pipes.
 */
export function secondThread(file: string, threads: "auto" | 1 | 2): "yes" | "try" | "no" {
  const stat = statSync(file);
  if (!stat.isFile() || threads === 1) return "no";
  if (threads === 2) return "yes";
  return availableParallelism() >= 2 && stat.size >= AUTO_MIN_BYTES ? "try" : "no";
}
