import { constants, accessSync, fstatSync, statSync } from "node:fs";
import { UsageError } from "./options.js";

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

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return (err as Error).message;
}

/** The inputs to read, checked up front: each must be a readable file; "-" at most once. */
export function resolveInputs(files: string[], piped: boolean): string[] {
  const inputs = files.length > 0 ? files : [piped ? "-" : DEFAULT_FILE];
  if (inputs.filter((f) => f === "-").length > 1) {
    throw new UsageError("standard input (-) can be read only once", 2);
  }
  for (const file of inputs) {
    if (file === "-") continue;
    try {
      if (statSync(file).isDirectory()) throw new UsageError(`${file} is a directory`, 2);
      accessSync(file, constants.R_OK);
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`cannot read ${file}: ${describe(err)}`, 2);
    }
  }
  return inputs;
}

/** A short reason for a failed read, for the one-line error. */
export function readFailure(file: string, err: unknown): string {
  return `cannot read ${file === "-" ? "standard input" : file}: ${describe(err)}`;
}
