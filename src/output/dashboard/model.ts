import type { AlertLine, ReportEvent } from "../../core/event.js";
import type { InputStatus, LiveView } from "../../core/types.js";
import type { TopOrder } from "../../stats/rows.js";

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
  /** Terminal size in cells. */
  width: number;
  height: number;
  /** False under NO_COLOR: no colour anywhere (bold stays). */
  color: boolean;
}

/** Everything the view-model reads: one moment of the monitor, plus the UI state. */
export interface DashboardInput {
  wallMs: number;
  inputs: InputStatus[];
  format: string;
  live: LiveView;
  /** Lines read per second of wall time, lately. */
  ingestRate: number;
  /** The last interval report, or null before the first. */
  report: ReportEvent | null;
  /** Alerts and recoveries, oldest first, and how many older ones were not kept. */
  history: AlertLine[];
  historyDropped: number;
  ui: UiState;
}

/** A colour name blessed knows, or null for the terminal's default (always null without colour). */
export type Color = string | null;

/** A table as blessed-contrib's table widget takes it. */
export interface TableModel {
  label: string;
  headers: string[];
  rows: string[][];
  columnWidth: number[];
}

/** Exactly what each widget is given; the blessed layer only applies it. */
export interface DashboardModel {
  /** Below the minimum size: only this message is shown. */
  tooSmall: string | null;
  header: string;
  banner: { text: string; fg: Color; bg: Color; bold: boolean; inverse: boolean };
  chart: {
    label: string;
    x: string[];
    series: { title: string; y: number[]; color: Color }[];
    maxY: number;
    border: Color;
  };
  /** One line per status class (name, bar, share, count), then top codes and methods. */
  status: { label: string; lines: string[] };
  sections: TableModel;
  hosts: TableModel;
  history: { label: string; items: string[] };
  footer: string;
  help: string | null;
  focusBorder: Color;
  border: Color;
}
