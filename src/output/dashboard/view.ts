import blessed, { type Widgets } from "blessed";
import contrib from "blessed-contrib";
import { BOTTOM_LINES, LAYOUT, TOP_LINES, type Cell } from "./layout.js";
import type { Color, DashboardModel, Focus, TableModel } from "./model.js";
import type { TerminalProfile } from "./terminal.js";

/** What a key press asks for; the controller decides what it means. */
export type Intent =
  | "quit"
  | "interrupt"
  | "pause"
  | "focus"
  | "sort"
  | "help"
  | "up"
  | "down"
  | "pageup"
  | "pagedown";

/** Where the dashboard draws and reads keys, and how. */
export interface ViewOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  profile: TerminalProfile;
  /** Draw borders with Unicode box characters (UTF-8 locale) rather than the ACS charset. */
  unicodeBoxes: boolean;
  /** False under NO_COLOR: cells keep bold and inverse but never get a colour. */
  color: boolean;
}

const KEYS: [string[], Intent][] = [
  [["q"], "quit"],
  [["C-c"], "interrupt"],
  [["p"], "pause"],
  [["tab"], "focus"],
  [["s"], "sort"],
  [["?"], "help"],
  [["up", "k"], "up"],
  [["down", "j"], "down"],
  [["pageup"], "pageup"],
  [["pagedown"], "pagedown"],
];

/** What logmon touches of blessed's program and screen beyond @types/blessed (which mistypes program()). */
type Program = blessed.BlessedProgram & { tput: { brokenACS: boolean } };
type Screen = Widgets.Screen & {
  lines: [number, string][][];
  draw(start: number, end: number): void;
};
const createProgram = blessed.program as unknown as (options: Record<string, unknown>) => Program;

/** All attribute bits but the colours: fg and bg set to "default" (0x1ff each). */
const DEFAULT_COLORS = (0x1ff << 9) | 0x1ff;

function fg(color: Color): Record<string, string> {
  return color === null ? {} : { fg: color };
}

/**
 * The blessed screen: creates the widgets where LAYOUT says, applies a DashboardModel to them and
 * turns keys into intents. No decisions are made here.
 */
export class DashboardView {
  private readonly screen: Screen;
  private readonly header: Widgets.BoxElement;
  private readonly banner: Widgets.BoxElement;
  private readonly footer: Widgets.BoxElement;
  private readonly help: Widgets.BoxElement;
  private readonly tooSmall: Widgets.BoxElement;
  private readonly area: Widgets.BoxElement;
  private readonly chart: contrib.LineElement;
  private readonly status: Widgets.BoxElement;
  private readonly sections: contrib.TableElement;
  private readonly hosts: contrib.TableElement;
  private readonly history: Widgets.BoxElement;

  constructor(options: ViewOptions, onIntent: (intent: Intent) => void, onResize: () => void) {
    const program = createProgram({
      input: options.input,
      output: options.output,
      terminal: options.profile.terminfo,
      tput: true,
      buffer: true,
      zero: true,
    });
    if (options.unicodeBoxes) program.tput.brokenACS = true;
    this.screen = blessed.screen({
      program,
      warnings: false,
      smartCSR: true,
      autoPadding: true,
    }) as Screen;
    if (!options.color) this.withoutColors();
    this.header = blessed.box({ top: 0, left: 0, height: 1, width: "100%", style: { bold: true } });
    this.banner = blessed.box({ top: 1, left: 0, height: 1, width: "100%" });
    this.footer = blessed.box({ bottom: 0, left: 0, height: 1, width: "100%" });
    this.area = blessed.box({ top: TOP_LINES, bottom: BOTTOM_LINES, left: 0, width: "100%" });
    this.screen.append(this.header);
    this.screen.append(this.banner);
    this.screen.append(this.footer);
    this.screen.append(this.area);
    const grid = new contrib.grid({ rows: 12, cols: 12, screen: this.area });
    const place = <T>(cell: Cell, widget: (o: Record<string, unknown>) => T, o: object) =>
      grid.set(cell[0], cell[1], cell[2], cell[3], widget, o as Record<string, unknown>);
    this.chart = place(LAYOUT.chart, contrib.line, {
      showLegend: false,
      minY: 0,
      numYLabels: 4,
      xLabelPadding: 2,
      xPadding: 2,
      style: { text: "white", baseline: "white" },
    });
    this.status = place(LAYOUT.status, blessed.box, { tags: false });
    const table = { columnSpacing: 1, columnWidth: [10, 6], interactive: false, keys: false };
    this.sections = place(LAYOUT.sections, contrib.table, table);
    this.hosts = place(LAYOUT.hosts, contrib.table, table);
    this.history = place(LAYOUT.history, blessed.box, {
      tags: false,
      scrollable: true,
      alwaysScroll: true,
      scrollbar: { ch: " ", inverse: true },
    });
    this.help = blessed.box({
      top: "center",
      left: "center",
      width: 76,
      height: 16,
      border: "line",
      hidden: true,
      tags: false,
      label: " help ",
    });
    this.tooSmall = blessed.box({ top: 0, left: 0, width: "100%", height: "100%", hidden: true });
    this.screen.append(this.help);
    this.screen.append(this.tooSmall);
    for (const [keys, intent] of KEYS) this.screen.key(keys, () => onIntent(intent));
    this.screen.on("resize", onResize);
  }

  /** The terminal's size in cells. */
  get size(): { width: number; height: number } {
    return { width: this.screen.width as number, height: this.screen.height as number };
  }

  /** Shows a model, with the focused panel's border highlighted, and draws the screen. */
  apply(model: DashboardModel, focus: Focus): void {
    const small = model.tooSmall !== null;
    this.area.hidden = small;
    this.tooSmall.hidden = !small;
    this.tooSmall.setContent(model.tooSmall ?? "");
    this.header.setContent(model.header);
    this.footer.setContent(model.footer);
    const b = model.banner;
    this.banner.setContent(b.text);
    this.banner.style = {
      bold: b.bold,
      inverse: b.inverse,
      ...fg(b.fg),
      ...(b.bg === null ? {} : { bg: b.bg }),
    };
    if (!small) this.applyPanels(model, focus);
    this.help.hidden = model.help === null;
    this.help.setContent(model.help ?? "");
    this.screen.render();
  }

  /** Scrolls the focused panel by `lines` (negative is up). */
  scroll(focus: Focus, lines: number): void {
    const target = focus === "history" ? this.history : this[focus].rows;
    target.scroll(lines);
  }

  /** Lines a page scroll moves in the focused panel. */
  page(focus: Focus): number {
    const box = focus === "history" ? this.history : this[focus];
    return Math.max(1, (box.height as number) - 3);
  }

  /** Leaves the alternate screen, shows the cursor and restores the terminal modes. */
  destroy(): void {
    this.screen.destroy();
  }

  /** NO_COLOR: before each draw, every cell's colours become "default"; bold and inverse stay. */
  private withoutColors(): void {
    const screen = this.screen;
    const draw = screen.draw.bind(screen);
    screen.draw = (start: number, end: number) => {
      for (const line of screen.lines) for (const cell of line) cell[0] |= DEFAULT_COLORS;
      draw(start, end);
    };
  }

  private applyPanels(model: DashboardModel, focus: Focus): void {
    const border = (f: Focus | null) => ({
      border: fg(f !== null && f === focus ? model.focusBorder : model.border),
    });
    this.chart.setLabel(model.chart.label);
    this.chart.options.maxY = model.chart.maxY;
    this.chart.style = { ...this.chart.style, ...border(null), border: fg(model.chart.border) };
    this.chart.setData(
      model.chart.series.map((s) => ({
        title: s.title,
        x: model.chart.x,
        y: s.y,
        style: { line: s.color ?? "white" },
      })),
    );
    this.status.setLabel(model.status.label);
    this.status.setContent(model.status.lines.join("\n"));
    this.table(this.sections, model.sections);
    this.table(this.hosts, model.hosts);
    this.history.setLabel(model.history.label);
    this.history.setContent(model.history.items.join("\n"));
    for (const f of ["sections", "hosts", "history"] as const) {
      const el = f === "history" ? this.history : this[f];
      el.style = { ...el.style, ...border(f) };
    }
    this.status.style = { ...this.status.style, ...border(null) };
  }

  private table(el: contrib.TableElement, t: TableModel): void {
    el.setLabel(t.label);
    el.options.columnWidth = t.columnWidth;
    el.setData({
      headers: t.headers,
      data: t.rows.map((row) => row.map((cell) => blessed.escape(cell))),
    });
  }
}
