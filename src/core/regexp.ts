import { setFlagsFromString } from "node:v8";

/**
 * Lets no regular expression hold the thread that reads by backtracking (`(a+)+$` on a long
 * line): a pattern runs on V8's usual engine and falls back to its linear-time engine after a
 * thousand backtracks on one input, and the `l` flag asks for that engine outright (the API uses
 * it to refuse patterns it cannot run). Only patterns that backtrack that much behave
 * differently: as correct, and linear. Process-wide; applied at start (bin/logmon.js) and by the
 * API, which needs the `l` flag.
 */
export function linearFallback(): void {
  setFlagsFromString("--enable-experimental-regexp-engine");
  setFlagsFromString("--enable-experimental-regexp-engine-on-excessive-backtracks");
  setFlagsFromString("--regexp-backtracks-before-fallback=1000");
}
