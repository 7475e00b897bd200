// The parts of blessed-contrib 4.11 that logmon uses; the package ships no types.
declare module "blessed-contrib" {
  import type { Widgets } from "blessed";

  /** A 12-column grid placing widgets by percentages inside `screen` (any element). */
  export class grid {
    constructor(options: {
      rows: number;
      cols: number;
      screen: Widgets.Node;
      hideBorder?: boolean;
    });
    set<T>(
      row: number,
      col: number,
      rowSpan: number,
      colSpan: number,
      widget: (options: Record<string, unknown>) => T,
      options: Record<string, unknown>,
    ): T;
  }

  export interface LineSeries {
    title: string;
    x: string[];
    y: number[];
    style?: { line?: string };
  }

  export interface LineElement extends Widgets.BoxElement {
    options: { maxY?: number; style: { line?: string; text?: string; baseline?: string } };
    setData(series: LineSeries[]): void;
  }

  export interface TableElement extends Widgets.BoxElement {
    rows: Widgets.ListElement;
    options: { columnWidth: number[] };
    setData(data: { headers: string[]; data: string[][] }): void;
  }

  export function line(options: Record<string, unknown>): LineElement;
  export function table(options: Record<string, unknown>): TableElement;
}
