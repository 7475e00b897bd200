import type { LineFilter } from "../core/filter.js";
import type { LogRecord, SourceEvent } from "../core/types.js";
import type { LineParser } from "../parse/parser.js";
import type { ByteSink } from "../source/read.js";
import type { Monitor } from "../stats/monitor.js";
import type { RunStats } from "../stats/run.js";
import { LineHandler, parsingSink, type LineTarget } from "./sink.js";
import type { LineTap } from "./tap.js";

/**
 * Connects inputs to the monitor: each input stream gets a parser and a sink that counts its
 * lines under its name, and the bytes and format of all inputs are tracked for live views.
 */
export class Ingest {
  private bytes = 0;
  private formatName = "auto";

  constructor(
    private readonly monitor: Monitor,
    private readonly makeParser: () => LineParser,
    /** A tap on each input's parsed lines (the HTTP server's), or null. */
    private readonly tap: ((name: string) => LineTap) | null = null,
    /** Which parsed lines are counted (`--filter`), or null for all. */
    private readonly filter: LineFilter | null = null,
  ) {}

  /** Record fields parsers must fill: what the rules read, and what the filter reads. */
  private get keep(): number {
    return this.monitor.keep | (this.filter?.keep ?? 0);
  }

  /** The whole run's statistics, or null (--no-run-stats). */
  get run(): RunStats | null {
    return this.monitor.run;
  }

  /** The format of the newest input stream, as detected or given ("clf", "w3c", "json (caddy)"). */
  get format(): string {
    return this.formatName;
  }

  /** Bytes received on all inputs so far: the live clock moves only while this stands still. */
  get bytesRead(): number {
    return this.bytes;
  }

  /** A new stream for input `name` (a path, or "-"); every stream of one name shares its counts. */
  input(name: string): ByteSink {
    const parser = this.makeParser();
    const tap = this.tapOf(name);
    const sink = parsingSink(name, parser, this.target(name), undefined, this.keep, tap);
    return {
      push: (chunk: Buffer, offset?: number): void => {
        this.bytes += chunk.length;
        sink.push(chunk, offset);
        this.formatName = parser.name;
      },
      file: (path, identity) => sink.file?.(path, identity),
      end: () => sink.end(),
      get pendingBytes(): number {
        return sink.pendingBytes;
      },
    };
  }

  /** The tap on input `name`'s parsed lines (the HTTP server's), or null. */
  tapOf(name: string): LineTap | null {
    return this.tap?.(name) ?? null;
  }

  /** Input `name` as one message at a time (a syslog sender): its bytes are counted by `received`. */
  handler(name: string): LineHandler {
    const tap = this.tapOf(name);
    return new LineHandler(name, this.makeParser(), this.target(name), undefined, this.keep, tap);
  }

  /** Counts something that happened to an input (a rotation, a truncation, …). */
  note(event: SourceEvent, count = 1): void {
    this.monitor.note(event, count);
  }

  /** Counts bytes of an input parsed elsewhere (another thread) in format `format`. */
  received(bytes: number, format: string): void {
    this.bytes += bytes;
    this.formatName = format;
  }

  /** Where the parsed lines of input `name` are counted. */
  target(name: string): LineTarget {
    const monitor = this.monitor;
    const tally = monitor.input(name);
    const filter = this.filter;
    return {
      record: (rec) => monitor.record(rec, tally),
      ...(filter === null
        ? {}
        : {
            filter: (rec: LogRecord) => filter.test(rec),
            filtered: () => monitor.filtered(tally),
          }),
      directive: () => monitor.directive(tally),
      invalid: (reason, sample) => monitor.invalid(reason, tally, sample),
      droppedNul: (n) => monitor.note("invalidBytes", n),
    };
  }
}
