import type { ErrorSample, LogRecord, ParseErrorReason } from "../core/types.js";
import { emptyRecord } from "../core/types.js";
import { DIRECTIVE, type LineParser } from "../parse/parser.js";
import { LineSplitter } from "../source/lines.js";
import { dropNul } from "../source/nul.js";
import type { ByteSink } from "../source/read.js";
import { OffsetFeed, type LineTap } from "./tap.js";

/** Longest part of an unparsed line kept as an example. */
export const SAMPLE_CHARS = 200;

/**
 * Where the lines of one input go once parsed: the monitor directly, or a batch for the thread
 * that owns the monitor. The record is reused after the call; `sample` builds an example line
 * only if one is wanted.
 */
export interface LineTarget {
  /** A parsed line, `length` bytes at `offset` of its file (-1 when not read from a file). */
  record(rec: LogRecord, offset: number, length: number): void;
  /** Which parsed lines are counted (`--filter`); the others go to `filtered`. */
  filter?: (rec: LogRecord) => boolean;
  filtered?(): void;
  directive(): void;
  invalid(reason: ParseErrorReason, sample: () => ErrorSample): void;
  droppedNul(bytes: number): void;
}

/** What is shown of an unparsed line: its first SAMPLE_CHARS bytes, as text. */
export function sampleText(b: Buffer, start: number, end: number): string {
  return b.toString("utf8", start, Math.min(end, start + SAMPLE_CHARS));
}

/** A time to fall back on for a line whose format carries none (a syslog header's). */
export interface TimeFallback {
  /** Epoch seconds, or NaN when there is none either. */
  time(): number;
}

/**
 * One line at a time of input `name`: parses each into one reused record and hands it to
 * `target`, or why it did not parse, with its line number. A line without a timestamp of its own
 * takes the fallback's, when one is given (JSON lines sent over syslog).
 */
export class LineHandler {
  private readonly rec = emptyRecord();
  private lineNo = 0;
  /** The tap's lines of the current file, while it keeps them by offset (else null). */
  private feed: OffsetFeed | null = null;

  constructor(
    private readonly name: string,
    private readonly parser: LineParser,
    private readonly target: LineTarget,
    /** Sees each line before it is parsed (`logmon check` keeps the first ones to show). */
    private readonly onLine?: (buf: Buffer, start: number, end: number) => void,
    /** Costly record fields to fill (KEEP_PATH, KEEP_AGENT), when rules read them. */
    keep = 0,
    /** Sees each parsed line with its record (the HTTP server's store of recent lines). */
    private readonly tap: LineTap | null = null,
  ) {
    this.rec.keep = keep;
  }

  /** The parser's format name ("clf", "json (caddy)"), as detected so far. */
  get format(): string {
    return this.parser.name;
  }

  /** Parses b[start, end) (at `offset` of its file, or -1) and counts it. */
  line(buf: Buffer, start: number, end: number, fallback?: TimeFallback, offset = -1): void {
    this.lineNo++;
    this.onLine?.(buf, start, end);
    const rec = this.rec;
    let reason = this.parser.parse(buf, start, end, rec);
    if (reason === "no_timestamp" && fallback !== undefined) {
      rec.fallbackTime = fallback.time();
      if (!Number.isNaN(rec.fallbackTime)) reason = this.parser.parse(buf, start, end, rec);
      rec.fallbackTime = NaN;
    }
    if (reason === null) {
      const target = this.target;
      if (target.filter !== undefined && !target.filter(rec)) return target.filtered?.();
      if (this.tap !== null) this.tapped(buf, start, end, rec, offset);
      target.record(rec, offset, end - start);
    } else if (reason === DIRECTIVE) this.target.directive();
    else this.invalid(reason, () => sampleText(buf, start, end));
  }

  /** The buffer the last lines lay in is about to be reused: a tap keeps what it wants now. */
  flush(): void {
    if (this.tap === null) return;
    this.feed?.send();
    this.tap.flush();
  }

  /** The regular file the next bytes come from (its lines may go to the tap by offset). */
  file(path: string, identity: string): void {
    if (this.tap === null) return;
    this.flush();
    this.feed = this.tap.file(path, identity) ? (this.feed ?? new OffsetFeed(this.tap)) : null;
  }

  /** The input's stream ended. */
  end(): void {
    if (this.tap === null) return;
    this.flush();
    this.feed = null;
    this.tap.end();
  }

  private tapped(buf: Buffer, start: number, end: number, rec: LogRecord, offset: number): void {
    const feed = this.feed;
    if (feed === null || offset < 0) {
      feed?.send();
      (this.tap as LineTap).line(buf, start, end, rec);
      return;
    }
    feed.add(offset, end - start, rec.time, rec.latencyMs);
  }

  /** Counts a line that is not parsed (too long, a bad syslog frame), with what is shown of it. */
  bad(reason: ParseErrorReason, text: () => string): void {
    this.lineNo++;
    this.invalid(reason, text);
  }

  private invalid(reason: ParseErrorReason, text: () => string): void {
    const { name, lineNo } = this;
    this.target.invalid(reason, () => ({ reason, source: name, lineNo, text: text() }));
  }
}

/**
 * The bytes of input `name` as a sink: drops NUL bytes (counted), splits lines and parses each
 * (a `LineHandler`). Every path that reads input goes through here, so they all count alike.
 */
export function parsingSink(
  name: string,
  parser: LineParser,
  target: LineTarget,
  onLine?: (buf: Buffer, start: number, end: number) => void,
  keep = 0,
  tap: LineTap | null = null,
): ByteSink {
  const handler = new LineHandler(name, parser, target, onLine, keep, tap);
  const splitter = new LineSplitter(
    (buf, start, end, offset) => handler.line(buf, start, end, undefined, offset),
    () => handler.bad("oversize", () => ""),
  );
  const clean = dropNul(splitter, (n) => target.droppedNul(n));
  if (tap === null) return clean;
  return {
    push: (chunk, offset) => {
      clean.push(chunk, offset);
      handler.flush();
    },
    file: (path, identity) => handler.file(path, identity),
    end: () => {
      clean.end();
      handler.end();
    },
    get pendingBytes(): number {
      return clean.pendingBytes;
    },
  };
}
