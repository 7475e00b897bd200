import type { LogRecord, ParseErrorReason } from "../core/types.js";
import { parseClf } from "./clf.js";

/** A line that belongs to the format but is no request: a W3C directive, a comment. */
export const DIRECTIVE = "directive";

/** What parsing one line gives: null for a record, a directive, or why the line is not one. */
export type ParseResult = ParseErrorReason | typeof DIRECTIVE | null;

/** Parses the lines of one input stream; some formats keep state (W3C's #Fields). */
export interface LineParser {
  /** The format, as `logmon check` and the dashboard name it. */
  readonly name: string;
  parse(b: Buffer, start: number, end: number, out: LogRecord): ParseResult;
  /** Where a line departs from a format that was given (`logmon check`); null if it does not. */
  explain?(b: Buffer, start: number, end: number): string | null;
}

/** Common and Combined Log Format, with an optional virtual-host prefix per line. */
export function clfParser(): LineParser {
  return { name: "clf", parse: parseClf };
}

/** Clears what a format may not carry, before a parser fills what its line has. */
export function resetRecord(out: LogRecord): void {
  out.host = "-";
  out.vhost = "";
  out.method = "-";
  out.section = "(none)";
  out.status = 0;
  out.bytes = 0;
  out.latencyMs = NaN;
  out.hostHint = -1;
  out.sectionHint = -1;
  out.methodHint = -1;
  if (out.keep !== 0) {
    out.pathHash = out.agentHint = out.referrerHint = out.pathEnd = -1;
    out.path = "";
    out.agent = "";
    out.referrer = "";
    out.query = "";
  }
}
