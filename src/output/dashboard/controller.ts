import type { AlertLine, MonitorEvent, ReportEvent } from "../../core/event.js";
import type { RunLine } from "../../core/run.js";
import type { InputStatus, LiveView } from "../../core/types.js";
import { AlertHistory } from "../../stats/history.js";
import { RateMeter } from "./rate.js";
import { FOCUS_ORDER, SORT_ORDER, type UiState } from "./model.js";
import { DashboardView, type Intent, type ViewOptions } from "./view.js";
import type { DashboardModel } from "./model.js";
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
  /** How many times as fast as the wall clock log time runs (the demo's --speed); 1 for logs. */
  logSpeed: number;
  /** Where --http serves, once bound; null without it. */
  serving?(): string | null;
  /** The chat bot's state ("xmpp online"), or null without one. */
  chat?(): string | null;
  /** The whole run so far, or null with `--no-run-stats`. */
  run?(): RunLine | null;
  /** Forgets the whole run's statistics so far (R). */
  resetRun?(): void;
  /** A replay opens on the whole run, when there is one. */
  replay?: boolean;
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

/** What the panels show: the monitor's state at one moment (held still while paused). */
interface Moment {
  wallMs: number;
  live: LiveView;
  inputs: InputStatus[];
  report: ReportEvent | null;
  run: RunLine | null;
  history: AlertLine[];
  historyDropped: number;
  ingestRate: number;
}

/**
 * Runs the dashboard: keeps the latest report and the alert history from the monitor's output,
 * builds the view-model from them and the live window, and draws at most MAX_FPS times a second
 * (only when something changed). Keys become intents handled here. Paused, the panels show the
 * moment of the pause until `p` again; keys still move the selection and the focus.
 */
export class Dashboard {
  private readonly view: DashboardView;
  private readonly history = new AlertHistory<AlertLine>();
  private readonly ui: UiState;
  private report: ReportEvent | null = null;
  /** Notification channels whose last attempt failed. */
  private readonly failing = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private lastDrawMs = -Infinity;
  private lastSignature = "";
  private dirty = true;
  private readonly meter = new RateMeter();
  private ingestRate = 0;
  private frozen: Moment | null = null;
  /** When the first line was read and when the count last grew: the average once inputs end. */
  private firstReadMs: number | null = null;
  private lastGrowthMs = 0;
  private lastRead = 0;
  private rows: DashboardModel["rows"] = { sections: 0, hosts: 0, history: 0 };
  /** Rows each panel shows at once: what PgUp and PgDn move. */
  private page: DashboardModel["rows"] = { sections: 1, hosts: 1, history: 1 };

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
      selected: { sections: 0, hosts: 0, history: 0 },
      offset: { sections: 0, hosts: 0, history: 0 },
      ...this.view.size,
      color: options.view.color,
      view: source.replay === true && source.run?.() != null ? "run" : "live",
    };
  }

  /** Takes the monitor's reports and alerts, and notes channels that fail (the summary is not drawn). */
  event(e: MonitorEvent): void {
    if (e.type === "report") this.report = e;
    else if (e.type === "summary") return;
    else if (e.type === "notify") {
      if (e.ok) this.failing.delete(e.channel);
      else this.failing.add(e.channel);
    } else this.history.push(e);
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

  /** The monitor's state now, with the ingestion rate: lately, or the run's average once every input ended. */
  private moment(now: number): Moment {
    const live = this.source.live();
    const inputs = this.source.inputs();
    const read = live.totals.lines.read;
    const rate = this.meter.sample(now, read);
    if (read > this.lastRead) {
      this.firstReadMs ??= now;
      this.lastGrowthMs = now;
      this.lastRead = read;
    }
    const ended = inputs.length > 0 && inputs.every((i) => i.state === "ended");
    const span = this.lastGrowthMs - (this.firstReadMs ?? this.lastGrowthMs);
    this.ingestRate = ended ? (span > 0 ? (read * 1000) / span : read) : rate;
    return {
      wallMs: now,
      live,
      inputs,
      report: this.report,
      run: this.source.run?.() ?? null,
      history: this.history.all(),
      historyDropped: this.history.dropped,
      ingestRate: this.ingestRate,
    };
  }

  private frame(): void {
    const now = this.source.nowMs();
    const current = this.moment(now);
    if (this.ui.paused && !this.dirty) return;
    const live = current.live;
    const signature = `${live.logTime}:${live.totals.lines.read}:${Math.floor(now / 1000)}`;
    if (!this.dirty && signature === this.lastSignature) return;
    if (now - this.lastDrawMs < FRAME_MS - 1) return;
    this.lastSignature = signature;
    this.lastDrawMs = now;
    this.dirty = false;
    Object.assign(this.ui, this.view.size);
    const shown = this.ui.paused ? (this.frozen ??= current) : current;
    const model = dashboardModel({
      ...shown,
      format: this.source.format(),
      logSpeed: this.source.logSpeed,
      failingChannels: [...this.failing],
      serving: this.source.serving?.() ?? null,
      chat: this.source.chat?.() ?? null,
      ui: { ...this.ui, selected: { ...this.ui.selected }, offset: { ...this.ui.offset } },
    });
    this.rows = model.rows;
    for (const f of FOCUS_ORDER) {
      this.page[f] = Math.max(1, model[f].lines.length - (f === "history" ? 0 : 1));
    }
    this.ui.offset = model.offset;
    this.view.apply(model, this.ui.focus);
  }

  /** Moves the focused panel's selection by `by` rows, within the rows it has. */
  private select(by: number): void {
    const { focus, selected } = this.ui;
    const last = Math.max(0, this.rows[focus] - 1);
    selected[focus] = Math.min(last, Math.max(0, Math.min(selected[focus], last) + by));
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
        this.frozen = null;
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
      case "reset":
        this.source.resetRun?.();
        break;
      case "view":
        if (this.source.run?.() != null) ui.view = ui.view === "live" ? "run" : "live";
        break;
      case "up":
      case "down":
        this.select(intent === "up" ? -1 : 1);
        break;
      case "pageup":
      case "pagedown":
        this.select((intent === "pageup" ? -1 : 1) * this.page[ui.focus]);
        break;
    }
    this.dirty = true;
    this.frame();
  }
}
