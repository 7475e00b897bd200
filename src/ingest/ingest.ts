import { emptyRecord, type LogRecord } from "../core/types.js";
import { parseClf } from "../parse/clf.js";
import { LineSplitter } from "../source/lines.js";
import type { ByteSink } from "../source/read.js";
import type { Monitor } from "../stats/monitor.js";

/** Longest part of an unparsed line kept as an example. */
export const SAMPLE_CHARS = 200;

/**
 * Connects byte streams to the monitor: splits them into lines, parses each into one reused
 * record and counts it, or counts why it did not parse with the line's source and number.
 */
export class Ingest {
  private readonly rec: LogRecord = emptyRecord();

  constructor(private readonly monitor: Monitor) {}

  /** A new input named `source` (a path, or "-" for stdin). */
  input(source: string): ByteSink {
    let lineNo = 0;
    return new LineSplitter(
      (buf, start, end) => {
        lineNo++;
        const reason = parseClf(buf, start, end, this.rec);
        if (reason === null) {
          this.monitor.record(this.rec);
          return;
        }
        this.monitor.invalid(reason, () => ({
          reason,
          source,
          lineNo,
          text: buf.toString("utf8", start, Math.min(end, start + SAMPLE_CHARS)),
        }));
      },
      () => {
        lineNo++;
        this.monitor.invalid("oversize", () => ({ reason: "oversize", source, lineNo, text: "" }));
      },
    );
  }
}
