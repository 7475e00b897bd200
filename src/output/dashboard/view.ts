import blessed, { type Widgets } from "blessed";
import { THRESHOLD_CHAR } from "./chart.js";
import type { Color, DashboardModel, PanelModel } from "./model.js";
import type { TerminalProfile } from "./terminal.js";

/** What a key press asks for; the controller decides what it means. */
export type Intent =
  | "quit"
  | "interrupt"
  | "pause"
  | "focus"
  | "sort"
  | "help"
  | "view"
  | "reset"
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
  [["v"], "view"],
  [["S-r"], "reset"],
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

/** The panels, by the model's names. */
const PANELS = ["chart", "status", "sections", "hosts", "history"] as const;
type PanelName = (typeof PANELS)[number];

/** `text` between blessed colour tags, or as it is without a colour. */
function tagged(text: string, color: Color): string {
  return color === null || text === "" ? text : `{${color}-fg}${text}{/${color}-fg}`;
}

/** A panel's lines as tagged content: the highlighted row inverse, the chart's bars coloured. */
function content(
  name: PanelName,
  panel: PanelModel,
  model: DashboardModel,
  focused: boolean,
): string {
  const chart = model.chart;
  return panel.lines
    .map((raw, i) => {
      // Model text is escaped for cells (no braces), so only logmon's own tags are markup here.
      let line = raw;
      if (name === "chart") {
        line = line
          .replace(/[▁-█]+/g, (bars) => tagged(bars, chart.bar))
          .replace(new RegExp(`${THRESHOLD_CHAR}+`, "g"), (t) => tagged(t, chart.threshold));
      }
      if (i === panel.highlight && focused) line = `{inverse}${line}{/inverse}`;
      if (i === 0 && (name === "sections" || name === "hosts")) line = `{bold}${line}{/bold}`;
      return line;
    })
    .join("\n");
}

/**
 * The blessed screen: plain boxes placed where the model says, filled with its text, and keys
 * turned into intents. No decisions are made here; every frame places every box again, so a
 * resized screen is drawn exactly as one started at that size.
 */
export class DashboardView {
  private readonly screen: Screen;
  private readonly header: Widgets.BoxElement;
  private readonly banner: Widgets.BoxElement;
  private readonly footer: Widgets.BoxElement;
  private readonly help: Widgets.BoxElement;
  private readonly tooSmall: Widgets.BoxElement;
  private readonly panels: Record<PanelName, Widgets.BoxElement>;
  /** The empty alert history: one line without a border. */
  private readonly historyLine: Widgets.BoxElement;

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
    this.header = this.add({ top: 0, left: 0, height: 1, width: "100%", style: { bold: true } });
    this.banner = this.add({ top: 1, left: 0, height: 1, width: "100%" });
    this.footer = this.add({ bottom: 0, left: 0, height: 1, width: "100%" });
    const panel = () => this.add({ border: "line", tags: true, wrap: false });
    this.panels = {
      chart: panel(),
      status: panel(),
      sections: panel(),
      hosts: panel(),
      history: panel(),
    };
    this.historyLine = this.add({ height: 1, wrap: false });
    this.help = this.add({
      top: "center",
      left: "center",
      width: 76,
      height: 17,
      border: "line",
      hidden: true,
      label: " help ",
    });
    this.tooSmall = this.add({ top: 0, left: 0, width: "100%", height: "100%", hidden: true });
    for (const [keys, intent] of KEYS) this.screen.key(keys, () => onIntent(intent));
    this.screen.on("resize", onResize);
  }

  /** The terminal's size in cells. */
  get size(): { width: number; height: number } {
    return { width: this.screen.width as number, height: this.screen.height as number };
  }

  /** Shows a model and draws the screen. */
  apply(model: DashboardModel, focus: PanelName): void {
    const small = model.tooSmall !== null;
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
    for (const name of PANELS) {
      const box = this.panels[name];
      const panel = model[name];
      box.hidden = small || (name === "history" && !model.history.framed);
      if (box.hidden) continue;
      Object.assign(box, panel.rect);
      box.setLabel(panel.label);
      box.style = { ...box.style, border: fg(panel.border) };
      box.setContent(content(name, panel, model, name === focus));
    }
    this.historyLine.hidden = small || model.history.framed;
    Object.assign(this.historyLine, model.history.rect);
    this.historyLine.setContent(model.history.lines.join(""));
    this.help.hidden = model.help === null;
    this.help.setContent(model.help ?? "");
    this.screen.render();
  }

  /** Leaves the alternate screen, shows the cursor and restores the terminal modes. */
  destroy(): void {
    this.screen.destroy();
  }

  private add(options: Widgets.BoxOptions): Widgets.BoxElement {
    const box = blessed.box(options);
    this.screen.append(box);
    return box;
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
}
