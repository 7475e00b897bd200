import type { Rule } from "../alert/rule.js";
import type { Options } from "./options.js";

/**
 * How many threads replays may use: what --threads says, unless something needs every line on
 * this thread. The parsing thread's batches carry no path or agent, so rules that read them keep
 * one thread (the whole run's lists are counted on the parsing thread itself); so do the HTTP
 * server's store and --filter (`tapped`: they see lines as they are parsed), and inputs whose
 * lines may come while a file is replayed (stdin, syslog), which the whole run could not count.
 */
export function replayThreads(
  options: Pick<Options, "files" | "threads">,
  rules: readonly Rule[],
  tapped: boolean,
): Options["threads"] {
  const alongside = options.files.some((f) => f === "-" || /^(udp|tcp):/.test(f));
  return rules.some((r) => (r.keep ?? 0) !== 0) || tapped || alongside ? 1 : options.threads;
}
