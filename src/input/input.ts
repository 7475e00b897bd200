import type { Clock } from "../core/clock.js";
import type { InputStatus } from "../core/types.js";
import type { Ingest } from "../ingest/ingest.js";
import type { JsonField } from "../parse/jsonl.js";
import type { LineParser } from "../parse/parser.js";
import { describeFsError } from "../source/errors.js";
import type { OutputReady } from "../source/read.js";
import type { TailState } from "../source/follow/tail.js";

/** What every input of a run reads into and is told by. */
export interface InputContext {
  /** Sinks by input name; parsing and counting happen behind them. */
  ingest: Ingest;
  clock: Clock;
  /** The stream read for "-", and the name it is shown under. */
  stdin: { stream: NodeJS.ReadableStream; name: string };
  makeParser: () => LineParser;
  /** --format and --json-fields as given, for a parsing thread to make its own parser. */
  parsing: { format: string; jsonFields: Partial<Record<JsonField, string>> };
  /** Following: poll only; where to start in existing files; the window backfill fills. */
  poll: boolean;
  start: "backfill" | "start" | "end";
  windowS: number;
  /** --threads, for replaying files. */
  threads: "auto" | 1 | 2;
  /** Replay waits here whenever the outputs are full (a slow pipe reader). */
  outputReady: OutputReady;
  /** False once the run is stopping: a replay stops reading. */
  reading(): boolean;
  /** An input changed state (waiting, following, failing, ended), for the header and stderr. */
  state(
    path: string,
    state: TailState | InputStatus["state"],
    detail: string,
    matched?: boolean,
  ): void;
  /** A bug inside following, reported while following goes on. */
  warn(message: string): void;
}

/** A running followed input. */
export interface FollowedInput {
  /** Resolves when the input itself ends (stdin at EOF); null when only stop() ends it. */
  ended: Promise<void> | null;
  /** Stops reading; every partial last line is flushed. Idempotent. */
  stop(): Promise<void>;
}

/** One input as named on the command line or in a config: the seam an input scheme implements. */
export interface Input {
  /** What the header shows for it before it reports a state of its own. */
  readonly statuses: InputStatus[];
  /** Reads everything there is, to the end (--replay). Rejects with the reading error. */
  replay(): Promise<void>;
  /** Reads from where the start mode says and keeps reading. */
  follow(): FollowedInput;
}

/** How inputs of one kind are recognised and opened. */
export interface InputScheme {
  /** Whether `spec` is for this scheme ("-", a path, "udp://…"). */
  accepts(spec: string): boolean;
  /**
   * Opens `spec`, checking it up front: a spec that cannot work (a missing file for --replay, a
   * bad pattern) is a UsageError.
   */
  open(spec: string, ctx: InputContext, replay: boolean): Promise<Input>;
}

/** A read that failed, with the input it failed on ("standard input", a path); its message is the one line to show. */
export class ReadFailure extends Error {
  constructor(
    readonly input: string,
    override readonly cause: unknown,
  ) {
    super(`cannot read ${input}: ${describeFsError(cause)}`);
  }
}

/**
 * An input read once, as a stream, to its end (stdin, a named pipe): replayed or followed
 * alike, "reading" until it is "ended", its failures as ReadFailure under `shown`.
 */
export function streamInput(
  path: string,
  ctx: InputContext,
  shown: string,
  read: () => Promise<void>,
  stop: () => void = () => undefined,
): Input {
  const readAll = () =>
    read().then(
      () => ctx.state(path, "ended", ""),
      (err: unknown) => {
        throw new ReadFailure(shown, err);
      },
    );
  return {
    statuses: [{ path, state: "reading" }],
    replay: readAll,
    follow: () => ({
      ended: readAll(),
      stop: () => {
        stop();
        return Promise.resolve();
      },
    }),
  };
}
