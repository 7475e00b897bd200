import { emptyRecord, type LogRecord } from "../core/types.js";
import { DIRECTIVE, type LineParser } from "../parse/parser.js";
import { LineSplitter } from "../source/lines.js";
import { dropNul } from "../source/nul.js";
import type { ByteSink } from "../source/read.js";
import type { Monitor } from "../stats/monitor.js";

/** Longest part of an unparsed line kept as an example. */
export const SAMPLE_CHARS = 200;

/**
 * Connects byte streams to the monitor: drops NUL bytes (counted), splits lines, parses each into
 * one reused record and counts it, or counts why it did not parse, with the line's source and
 * number.
 */
export class Ingest {
  private readonly rec: LogRecord = emptyRecord();
  private bytes = 0;
  private readonly parsers: LineParser[] = [];

  constructor(
    private readonly monitor: Monitor,
    private readonly makeParser: () => LineParser,
  ) {}

  /** The format of the newest input stream, as detected or given ("clf", "w3c", "json (caddy)"). */
  get format(): string {
    return this.parsers.at(-1)?.name ?? "auto";
  }

  /** Bytes received on all inputs so far: the live clock moves only while this stands still. */
  get bytesRead(): number {
    return this.bytes;
  }

  /** A new stream for input `name` (a path, or "-"); every stream of one name shares its counts. */
  input(name: string): ByteSink {
    const tally = this.monitor.input(name);
    const parser = this.makeParser();
    this.parsers.push(parser);
    let lineNo = 0;
    const splitter = new LineSplitter(
      (buf, start, end) => {
        lineNo++;
        const reason = parser.parse(buf, start, end, this.rec);
        if (reason === null) {
          this.monitor.record(this.rec, tally);
          return;
        }
        if (reason === DIRECTIVE) {
          this.monitor.directive(tally);
          return;
        }
        this.monitor.invalid(reason, tally, () => ({
          reason,
          source: name,
          lineNo,
          text: buf.toString("utf8", start, Math.min(end, start + SAMPLE_CHARS)),
        }));
      },
      () => {
        lineNo++;
        this.monitor.invalid("oversize", tally, () => ({
          reason: "oversize",
          source: name,
          lineNo,
          text: "",
        }));
      },
    );
    const cleaned = dropNul(splitter, (n) => this.monitor.note("invalidBytes", n));
    return {
      push: (chunk: Buffer): void => {
        this.bytes += chunk.length;
        cleaned.push(chunk);
      },
      end: () => cleaned.end(),
      get pendingBytes(): number {
        return cleaned.pendingBytes;
      },
    };
  }
}
