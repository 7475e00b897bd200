import type { AlertLine, MonitorEvent, ReportEvent } from "../../core/event.js";
import type { InputStatus, LiveView } from "../../core/types.js";
import { AlertHistory } from "../../stats/history.js";
import { RateMeter } from "./rate.js";
import { FOCUS_ORDER, SORT_ORDER, type UiState } from "./model.js";
import { DashboardView, type Intent, type ViewOptions } from "./view.js";
import { dashboardModel } from "./viewmodel.js";

/** Most frames drawn per second, whatever the ingestion rate. */
export const MAX_FPS = 5;
const FRAME_MS = 1000 / MAX_FPS;

/** Where the dashboard reads the monitor's state between events. */
export interface DashboardSource {
  live(): LiveView;
  inputs(): InputStatus[];
  nowMs(): number;
  /** The log format as detected or given. */
  format(): string;
}

/** How the dashboard is set up. */
export interface DashboardOptions {
  view: ViewOptions;
  /** The person asked to quit: q (status 0), or Ctrl-C (130, as SIGINT would be). */
  onQuit: (status: number) => void;
}

function next<T>(list: readonly T[], current: T): T {
  return list[(list.indexOf(current) + 1) % list.length] as T;
}

/**
 * Runs the dashboard: keeps the latest report and the alert history from the monitor's output,
 * builds the view-model from them and the live window, and draws at most MAX_FPS times a second
 * (only when something changed). Keys become intents handled here.
 */
export class Dashboard {
  private readonly view: DashboardView;
  private readonly history = new AlertHistory<AlertLine>();
  private readonly ui: UiState;
  private report: ReportEvent | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastDrawMs = -Infinity;
  private lastSignature = "";
  private dirty = true;
  private readonly meter = new RateMeter();
  private ingestRate = 0;

  constructor(
    private readonly source: DashboardSource,
    private readonly options: DashboardOptions,
  ) {
    this.view = new DashboardView(
      options.view,
      (i) => this.intent(i),
      () => this.changed(),
    );
    this.ui = {
      paused: false,
      sort: "hits",
      focus: "sections",
      help: false,
      ...this.view.size,
      color: options.view.color,
    };
  }

  /** Takes the monitor's reports and alerts (the summary is not drawn). */
  event(e: MonitorEvent): void {
    if (e.type === "report") this.report = e;
    else if (e.type === "summary") return;
    else this.history.push(e);
    this.dirty = true;
  }

  /** Draws the first frame and keeps drawing. */
  start(): void {
    this.timer = setInterval(() => this.frame(), FRAME_MS);
    this.frame();
  }

  /** Stops drawing and restores the terminal. */
  destroy(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.view.destroy();
  }

  private changed(): void {
    this.dirty = true;
    this.frame();
  }

  private frame(): void {
    const now = this.source.nowMs();
    const live = this.source.live();
    this.ingestRate = this.meter.sample(now, live.totals.lines.read);
    if (this.ui.paused && !this.dirty) return;
    const signature = `${live.logTime}:${live.totals.lines.read}:${Math.floor(now / 1000)}`;
    if (!this.dirty && signature === this.lastSignature) return;
    if (now - this.lastDrawMs < FRAME_MS - 1) return;
    this.lastSignature = signature;
    this.lastDrawMs = now;
    this.dirty = false;
    Object.assign(this.ui, this.view.size);
    const model = dashboardModel({
      wallMs: now,
      inputs: this.source.inputs(),
      format: this.source.format(),
      live,
      ingestRate: this.ingestRate,
      report: this.report,
      history: this.history.all(),
      historyDropped: this.history.dropped,
      ui: { ...this.ui },
    });
    this.view.apply(model, this.ui.focus);
  }

  private intent(intent: Intent): void {
    const ui = this.ui;
    switch (intent) {
      case "quit":
        this.options.onQuit(0);
        return;
      case "interrupt":
        this.options.onQuit(130);
        return;
      case "pause":
        ui.paused = !ui.paused;
        break;
      case "focus":
        ui.focus = next(FOCUS_ORDER, ui.focus);
        break;
      case "sort":
        ui.sort = next(SORT_ORDER, ui.sort);
        break;
      case "help":
        ui.help = !ui.help;
        break;
      case "up":
      case "down":
        this.view.scroll(ui.focus, intent === "up" ? -1 : 1);
        break;
      case "pageup":
      case "pagedown":
        this.view.scroll(ui.focus, (intent === "pageup" ? -1 : 1) * this.view.page(ui.focus));
        break;
    }
    this.dirty = true;
    this.frame();
  }
}
