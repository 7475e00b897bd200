import type { Clock } from "../core/clock.js";
import type { AlertLine, MonitorEvent } from "../core/event.js";
import type { RunLine } from "../core/run.js";
import type { InputStatus, LiveView } from "../core/types.js";
import type { Served } from "../serve/served.js";

/**
 * A subscriber to the monitor's events: the seam a new output implements (see
 * docs/architecture.md). It gets every event in order (reports and alerts, the summary last),
 * the same objects the NDJSON output writes.
 */
export interface Output {
  /** Names it in messages ("ndjson", "dashboard"). */
  readonly name: string;
  event(e: MonitorEvent): void;
  /** Resolves once it can take more (a full pipe); null when it can at once. Replay waits on it. */
  ready?(): Promise<void> | null;
  /** Shows the end state until the person quits (the dashboard): the run waits for stop. */
  readonly lingers?: boolean;
  /** The run is over (after the summary, or cut short): flush, restore, close. */
  close(): Promise<void> | void;
}

/** What an output may read and do besides receiving events. */
export interface OutputEnv {
  stdout: NodeJS.WriteStream;
  /** The live state between events: log time, the window, totals. */
  live(): LiveView;
  inputs(): InputStatus[];
  /** The log format as detected or given. */
  format(): string;
  /** Log time runs this many times as fast as the wall clock (the demo); 1 for real logs. */
  logSpeed: number;
  clock: Clock;
  /** Asks the run to stop with this exit status (the person pressed q). */
  stop(status: number): void;
  /** One line about a problem of the output's own, for stderr. */
  warn(message: string): void;
  /** One line of news for stderr ("serving http://…"), unless the dashboard has the screen. */
  notice?(message: string): void;
  /** What the HTTP server serves, gathered while reading, when --http asks for it. */
  served?: Served;
  /** The whole run so far, or null with `--no-run-stats`. */
  run?: () => RunLine | null;
  /** Forgets the whole run's statistics so far (the dashboard's R). */
  resetRun?: () => void;
  /** Whether the inputs are replayed (the dashboard then opens on the whole run, when it has one). */
  replay?: boolean;
  /** The chat bot's state for the dashboard header ("xmpp online"), when there is a bot. */
  chat?: () => string;
  /** Alerts and recoveries of the runs before this one (a state file), oldest first. */
  earlier?: AlertLine[];
}

/**
 * Every output of a run, fed together. An output that throws is reported once and left out, so
 * the others go on; one that is slow holds replay up (through ready) rather than memory filling.
 */
export class Subscribers {
  private readonly outputs: Output[] = [];

  constructor(private readonly warn: (message: string) => void) {}

  /** Whether some output keeps showing the end state until stop. */
  get lingering(): boolean {
    return this.outputs.some((o) => o.lingers === true);
  }

  add(output: Output): void {
    this.outputs.push(output);
  }

  event(e: MonitorEvent): void {
    for (let i = 0; i < this.outputs.length; i++) {
      const output = this.outputs[i] as Output;
      try {
        output.event(e);
      } catch (err) {
        this.outputs.splice(i--, 1);
        this.warn(`output ${output.name} failed and is left out: ${(err as Error).message}`);
        void Promise.resolve()
          .then(() => output.close())
          .catch(() => undefined);
      }
    }
  }

  /** Resolves once every output can take more, or null when all can now. */
  ready(): Promise<void> | null {
    let waits: Promise<void>[] | null = null;
    for (const output of this.outputs) {
      const wait = output.ready?.() ?? null;
      if (wait !== null) (waits ??= []).push(wait);
    }
    return waits === null ? null : Promise.all(waits).then(() => undefined);
  }

  /** Closes every output, in the order added; a failing close is reported, not thrown. */
  async close(): Promise<void> {
    for (const output of this.outputs.splice(0)) {
      try {
        await output.close();
      } catch (err) {
        this.warn(`output ${output.name} did not close cleanly: ${(err as Error).message}`);
      }
    }
  }
}
