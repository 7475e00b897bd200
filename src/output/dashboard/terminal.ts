import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** The terminal description blessed is given: one of the compiled terminfo files it ships. */
export interface TerminalProfile {
  /** Path of the terminfo file (blessed reads a `terminal` that contains "/" as a file). */
  terminfo: string;
  colors: 8 | 256;
}

function bundled(name: string): string {
  return join(dirname(require.resolve("blessed/package.json")), "usr", name);
}

/**
 * Which description blessed should use for $TERM, or null where a full-screen dashboard makes no
 * sense (dumb, unset). blessed 0.1.81 is never let near the system terminfo: it cannot read
 * ncurses 6's extended-number format (Debian's *-256color entries), falls back and prints
 * "Error on screen-256color.plab_norm", and where it can read a file it fails to compile
 * capabilities such as Setulc (a "%;" with no "%?") and prints "Error on xterm-256color.Setulc".
 * The files it ships (xterm, xterm-256color, linux) are in the format it reads and compile
 * cleanly; every terminal it is given here understands that xterm subset.
 */
export function terminalProfile(term: string | undefined): TerminalProfile | null {
  const t = (term ?? "").toLowerCase();
  if (t === "" || t === "dumb" || t === "unknown") return null;
  if (t === "linux") return { terminfo: bundled("linux"), colors: 8 };
  if (t.includes("256color") || t.includes("direct") || t.includes("truecolor")) {
    return { terminfo: bundled("xterm-256color"), colors: 256 };
  }
  return { terminfo: bundled("xterm"), colors: 8 };
}
