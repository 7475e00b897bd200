import { readdir } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** A followed path, or a pattern with wildcards in its file name (`/var/log/nginx/*access.log`). */
export interface PathPattern {
  /** The pattern as given. */
  text: string;
  /** The directory to look in. */
  dir: string;
  /** Matches file names in `dir`; null for a plain path. */
  name: RegExp | null;
}

const WILDCARD = /[*?[]/;
const ROTATED = /(\.\d+|\.(gz|bz2|xz|zst|lz4|zip|Z)|-\d{8}(\d{2})?)$/;

/** Whether a name looks like a rotated or compressed copy (`access.log.1`, `.gz`, `-20261121`). */
export function isRotatedName(name: string): boolean {
  return ROTATED.test(name);
}

function toRegExp(glob: string): RegExp {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const close = glob.indexOf("]", i + 2);
      if (close < 0) throw new Error(`unclosed [ in ${glob}`);
      const body = glob.slice(i + 1, close).replace(/\\/g, "\\\\");
      out += `[${body.startsWith("!") ? `^${body.slice(1)}` : body}]`;
      i = close;
    } else out += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}

/** Compiles a -f argument; wildcards are allowed in the file name only. Throws with a reason. */
export function compilePattern(text: string): PathPattern {
  const dir = dirname(text);
  if (WILDCARD.test(dir)) throw new Error(`wildcards are supported in the file name only: ${text}`);
  const name = basename(text);
  return { text, dir, name: WILDCARD.test(name) ? toRegExp(name) : null };
}

/**
 * Whether file `name` in the pattern's directory is to be followed: it matches, and is not a
 * rotated or compressed copy unless the pattern itself asks for such names.
 */
export function patternWants(pattern: PathPattern, name: string): boolean {
  if (pattern.name === null || !pattern.name.test(name)) return false;
  return !isRotatedName(name) || isRotatedName(basename(pattern.text).replace(/[*?]/g, ""));
}

/** The paths a pattern's directory holds now that it wants, sorted (none when unreadable); a plain path names itself. */
export async function matchingPaths(pattern: PathPattern): Promise<string[]> {
  if (pattern.name === null) return [pattern.text];
  const names = await readdir(pattern.dir).catch(() => [] as string[]);
  return names
    .filter((n) => patternWants(pattern, n))
    .sort()
    .map((n) => join(pattern.dir, n));
}
