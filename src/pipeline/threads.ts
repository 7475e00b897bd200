import type { Rule } from "../alert/rule.js";
import type { Options } from "./options.js";

/**
 * How many threads replays may use: what --threads says, unless something needs every line on
 * this thread. The parsing thread's batches carry no path or agent, so rules that read them keep
 * one thread (the whole run's lists are counted on the parsing thread itself); so does --filter
 * (`filtered`: it reads any field of the record), and inputs whose lines may come while a file
 * is replayed (stdin, syslog), which the whole run could not count. The HTTP server's store
 * needs only each line's place in its file, which the batches carry.
 */
export function replayThreads(
  options: Pick<Options, "files" | "threads">,
  rules: readonly Rule[],
  filtered: boolean,
): Options["threads"] {
  const alongside = options.files.some((f) => f === "-" || /^(udp|tcp):/.test(f));
  return rules.some((r) => (r.keep ?? 0) !== 0) || filtered || alongside ? 1 : options.threads;
}
