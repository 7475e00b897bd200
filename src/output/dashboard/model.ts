import type { AlertLine, ReportEvent } from "../../core/event.js";
import type { RunLine } from "../../core/run.js";
import type { InputStatus, LiveView } from "../../core/types.js";
import type { TopOrder } from "../../stats/rows.js";
import type { Rect } from "./layout.js";

/** The panels that take keys, in tab order. */
export type Focus = "sections" | "hosts" | "history";

/** The tab order of focusable panels. */
export const FOCUS_ORDER: readonly Focus[] = ["sections", "hosts", "history"];

/** The sort orders of the sections table, in the order `s` cycles through them. */
export const SORT_ORDER: readonly TopOrder[] = ["hits", "errors", "bytes"];

/** What the person has asked of the view. */
export interface UiState {
  paused: boolean;
  sort: TopOrder;
  focus: Focus;
  help: boolean;
  /** The selected row of each focusable panel, and the first row it shows. */
  selected: Record<Focus, number>;
  offset: Record<Focus, number>;
  /** Terminal size in cells. */
  width: number;
  height: number;
  /** False under NO_COLOR: no colour anywhere (bold stays). */
  color: boolean;
  /** The live window (the last report, the window's chart) or the whole run. */
  view: "live" | "run";
}

/** Everything the view-model reads: one moment of the monitor, plus the UI state. */
export interface DashboardInput {
  wallMs: number;
  inputs: InputStatus[];
  format: string;
  live: LiveView;
  /** Lines read per second of wall time, lately; once every input ended, the average of the run. */
  ingestRate: number;
  /** How many times as fast as the wall clock log time runs (the demo's --speed), 1 for real logs. */
  logSpeed: number;
  /** Notification channels whose last attempt failed (shown in the header). */
  failingChannels?: string[];
  /** Where --http serves ("http://127.0.0.1:9145/"), or null. */
  serving?: string | null;
  /** The chat bot's state, or null without one. */
  chat?: string | null;
  /** The last interval report, or null before the first. */
  report: ReportEvent | null;
  /** The whole run so far, or null with `--no-run-stats`. */
  run?: RunLine | null;
  /** Alerts and recoveries, oldest first, and how many older ones were not kept. */
  history: AlertLine[];
  historyDropped: number;
  ui: UiState;
}

/** A colour name blessed knows, or null for the terminal's default (always null without colour). */
export type Color = string | null;

/** A table as text: its header line and one line per row, each as wide as the panel's inside. */
export interface TableModel {
  label: string;
  header: string;
  rows: string[];
}

/** One panel: where it goes, its title, the lines shown inside, and the highlighted one. */
export interface PanelModel {
  rect: Rect;
  label: string;
  lines: string[];
  /** Index in `lines` of the selected row, shown inverse while the panel has the focus. */
  highlight: number | null;
  border: Color;
}

/** Exactly what each widget is given; the blessed layer only applies it. */
export interface DashboardModel {
  /** Below the minimum size: only this message is shown. */
  tooSmall: string | null;
  header: string;
  banner: { text: string; fg: Color; bg: Color; bold: boolean; inverse: boolean };
  /** The chart's lines are text; bars and the threshold line get these colours. */
  chart: PanelModel & { bar: Color; threshold: Color };
  /** One line per status class (name, bar, share, count), then top codes and methods. */
  status: PanelModel;
  sections: PanelModel;
  hosts: PanelModel;
  /** An empty history is one line without a border. */
  history: PanelModel & { framed: boolean };
  footer: string;
  help: string | null;
  /** Rows each focusable panel has, and the first one shown, for the next key press. */
  rows: Record<Focus, number>;
  offset: Record<Focus, number>;
}
