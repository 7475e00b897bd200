import { fstatSync } from "node:fs";
import { UsageError } from "./parsers.js";

/** What logmon reads when no input is named and standard input is not piped. */
export const DEFAULT_FILE = "/tmp/access.log";

/** Whether standard input is a pipe, file or socket (not a terminal or /dev/null). */
export function stdinIsPiped(): boolean {
  try {
    const st = fstatSync(0);
    return st.isFIFO() || st.isFile() || st.isSocket();
  } catch {
    return false;
  }
}

/** The inputs to read: those named, else stdin when piped, else DEFAULT_FILE; "-" at most once. */
export function inputSpecs(files: string[], piped: boolean): string[] {
  const specs = files.length > 0 ? files : [piped ? "-" : DEFAULT_FILE];
  if (specs.filter((f) => f === "-").length > 1) {
    throw new UsageError("standard input (-) can be read only once", 2);
  }
  return specs;
}
