import type { RunOptions } from "../stats/monitor-types.js";
import type { RuleSpec } from "../alert/kinds.js";
import type { ChannelSpec } from "../notify/channel.js";
import type { ServeOptions } from "../serve/served.js";
import type { XmppSpec } from "../xmpp/spec.js";
import type { JsonField } from "../parse/jsonl.js";

/** Everything a run is asked to do, whoever asked (the command line, a test, the demo). */
export interface Options {
  /** Inputs in order: paths, patterns, "-" for standard input. */
  files: string[];
  /** The high-traffic rule: alert above this many requests/second averaged over the window. */
  threshold: number;
  windowS: number;
  /** A report per this many seconds of log time. */
  intervalS: number;
  /**
   * Seconds a second of log time waits for lines written out of order before it is judged (its
   * alerts decided, its report cut); null learns it from the log (at most the window).
   */
  latenessS: number | null;
  /** Rows in the top lists of a report. */
  top: number;
  /** What stdout shows; "auto" is the dashboard on a terminal that can draw one, plain text otherwise. */
  output: "json" | "plain" | "auto";
  /** NDJSON also written to this file, whatever stdout shows. */
  jsonFile: string | null;
  /** --report: the whole run as one HTML file, written at the end; null: none. */
  report?: string | null;
  /** `--filter` expressions: only lines matching all of them are counted (others as filtered). */
  filters?: string[];
  /** Serve metrics, the API and the status page (--http), or null. */
  http?: ServeOptions | null;
  /** Read the inputs to their end as fast as possible, then stop. */
  replay: boolean;
  /** Following: poll only, without file-system events. */
  poll: boolean;
  /** Following: where to start in existing files: fill the window, the whole file, or the end. */
  start: "backfill" | "start" | "end";
  /** Following: stop after this many seconds without a new line; null to follow forever. */
  idleExitS: number | null;
  /** "auto", a format name, or a pasted nginx/Apache format string. */
  format: string;
  /** JSON keys to read each field from, overriding the built-in ones. */
  jsonFields: Partial<Record<JsonField, string>>;
  /** The zone every time is shown in; null for the local zone. */
  tz: string | null;
  /** Replay: 1 parses and counts on one thread; 2 parses files on a second; auto when it pays. */
  threads: "auto" | 1 | 2;
  /** Log time runs this many times as fast as the wall clock (the demo's traffic); 1 when absent. */
  logSpeed?: number;
  /** Rules beside the built-in high_traffic one (a config's `rules:`). */
  rules?: RuleSpec[];
  /** False turns the built-in high_traffic rule off (`high_traffic: false`). */
  highTraffic?: boolean;
  /** Notification channels (a config's `notify:`), and the channels each rule names. */
  channels?: ChannelSpec[];
  routes?: Record<string, string[]>;
  /** Say what would be sent instead of sending (--dry-notify). */
  dryNotify?: boolean;
  /** Alerts kept across restarts in this file (JSON lines), or null. */
  stateFile?: string | null;
  /** Run-wide statistics (the summary's `run`) and the site's own host names; null: none. */
  run?: RunOptions | null;
  /** The chat bot (a config's `xmpp:` and `logs:`), or null. */
  xmpp?: XmppSpec | null;
}

/** Longest alert window accepted: a week of one-second buckets. */
export const MAX_WINDOW_S = 7 * 86400;

/** The one source of defaults: the command line's, the demo's and the README's. */
export const DEFAULTS: Options = {
  files: [],
  threshold: 10,
  windowS: 120,
  intervalS: 10,
  latenessS: null,
  top: 10,
  output: "auto",
  jsonFile: null,
  replay: false,
  poll: false,
  start: "backfill",
  idleExitS: null,
  format: "auto",
  jsonFields: {},
  tz: null,
  threads: 1,
};
