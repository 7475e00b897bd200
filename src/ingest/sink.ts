import type { ErrorSample, LogRecord, ParseErrorReason } from "../core/types.js";
import { emptyRecord } from "../core/types.js";
import { DIRECTIVE, type LineParser } from "../parse/parser.js";
import { LineSplitter } from "../source/lines.js";
import { dropNul } from "../source/nul.js";
import type { ByteSink } from "../source/read.js";

/** Longest part of an unparsed line kept as an example. */
export const SAMPLE_CHARS = 200;

/**
 * Where the lines of one input go once parsed: the monitor directly, or a batch for the thread
 * that owns the monitor. The record is reused after the call; `sample` builds an example line
 * only if one is wanted.
 */
export interface LineTarget {
  record(rec: LogRecord): void;
  directive(): void;
  invalid(reason: ParseErrorReason, sample: () => ErrorSample): void;
  droppedNul(bytes: number): void;
}

/**
 * The bytes of input `name` as a sink: drops NUL bytes (counted), splits lines, parses each into
 * one reused record and hands it to `target`, or why it did not parse, with its line number.
 * Every path that reads input goes through here, so they all count alike.
 */
export function parsingSink(
  name: string,
  parser: LineParser,
  target: LineTarget,
  /** Sees each line before it is parsed (`logmon check` keeps the first ones to show). */
  onLine?: (buf: Buffer, start: number, end: number) => void,
  /** Costly record fields to fill (KEEP_PATH, KEEP_AGENT), when rules read them. */
  keep = 0,
): ByteSink {
  const rec = emptyRecord();
  rec.keep = keep;
  let lineNo = 0;
  const splitter = new LineSplitter(
    (buf, start, end) => {
      lineNo++;
      onLine?.(buf, start, end);
      const reason = parser.parse(buf, start, end, rec);
      if (reason === null) target.record(rec);
      else if (reason === DIRECTIVE) target.directive();
      else {
        const at = lineNo;
        target.invalid(reason, () => ({
          reason,
          source: name,
          lineNo: at,
          text: buf.toString("utf8", start, Math.min(end, start + SAMPLE_CHARS)),
        }));
      }
    },
    () => {
      lineNo++;
      const at = lineNo;
      target.invalid("oversize", () => ({
        reason: "oversize",
        source: name,
        lineNo: at,
        text: "",
      }));
    },
  );
  return dropNul(splitter, (n) => target.droppedNul(n));
}
