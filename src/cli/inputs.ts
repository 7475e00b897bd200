import { constants } from "node:fs";
import { access, readdir, stat } from "node:fs/promises";
import { fstatSync } from "node:fs";
import { join } from "node:path";
import { describeFsError } from "../source/errors.js";
import { compilePattern, patternWants, type PathPattern } from "../source/glob.js";
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

function compile(file: string): PathPattern {
  try {
    return compilePattern(file);
  } catch (err) {
    throw new UsageError((err as Error).message, 2);
  }
}

/** The files a pattern names now, sorted; a plain path names itself. */
async function expand(pattern: PathPattern): Promise<string[]> {
  if (pattern.name === null) return [pattern.text];
  const names = await readdir(pattern.dir).catch(() => [] as string[]);
  const found = names.filter((n) => patternWants(pattern, n)).sort();
  if (found.length === 0) throw new UsageError(`no file matches ${pattern.text}`, 2);
  return found.map((n) => join(pattern.dir, n));
}

async function checkReadable(file: string, mustExist: boolean): Promise<void> {
  try {
    if ((await stat(file)).isDirectory()) throw new UsageError(`${file} is a directory`, 2);
    await access(file, constants.R_OK);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (!mustExist && (code === "ENOENT" || code === "ENOTDIR")) return;
    if (!mustExist && (code === "EACCES" || code === "EPERM")) return;
    throw new UsageError(`cannot read ${file}: ${describeFsError(err)}`, 2);
  }
}

/**
 * The inputs, checked up front; "-" at most once. For --replay every file must be readable now
 * and patterns are expanded; when following, a missing or unreadable file is waited for, and
 * patterns are kept to pick up files that appear later.
 */
export async function resolveInputs(
  files: string[],
  piped: boolean,
  replay: boolean,
): Promise<string[]> {
  const inputs = files.length > 0 ? files : [piped ? "-" : DEFAULT_FILE];
  if (inputs.filter((f) => f === "-").length > 1) {
    throw new UsageError("standard input (-) can be read only once", 2);
  }
  const out: string[] = [];
  for (const input of inputs) {
    if (input === "-") {
      out.push(input);
      continue;
    }
    const pattern = compile(input);
    if (!replay) {
      if (pattern.name === null) await checkReadable(input, false);
      out.push(input);
      continue;
    }
    for (const file of await expand(pattern)) {
      await checkReadable(file, true);
      out.push(file);
    }
  }
  return out;
}

/** A short reason for a failed read, for the one-line error. */
export function readFailure(file: string, err: unknown): string {
  return `cannot read ${file === "-" ? "standard input" : file}: ${describeFsError(err)}`;
}
