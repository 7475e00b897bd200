import type { AlertLine, MonitorEvent } from "../core/event.js";
import type { NotifyEvent } from "../core/notify-event.js";
import { SCHEMA_VERSION } from "../core/event.js";
import type { Output } from "../output/output.js";
import { escapeControl } from "../output/escape.js";
import type { Attempt, Channel, ChannelSpec } from "./channel.js";
import { EMAIL_TRIES, emailChannel } from "./email.js";
import { firingKey } from "./state.js";
import { execChannel } from "./exec.js";
import { syslogChannel } from "./syslog.js";
import { webhookChannel } from "./webhook.js";

/** Longest wait, when the run stops, for deliveries still under way (a dead webhook's retries). */
export const SETTLE_LIMIT_MS = 20_000;

/** Sent and failed deliveries of one channel. */
export interface ChannelCounts {
  sent: number;
  failed: number;
}

/** What the notifier is set up with. */
export interface NotifySetup {
  channels: ChannelSpec[];
  /** The channels of each rule by name; a rule not listed sends to every channel. */
  routes: Record<string, string[]>;
  /** Say what would be sent instead of sending (--dry-notify). */
  dry: boolean;
  /** Environment variables, for e-mail passwords. */
  env: Record<string, string | undefined>;
  /** Alerts ("rule[key]") firing when the last run stopped: raised again, they are not sent again. */
  firing: Set<string>;
}

/** Tries a channel makes for one delivery (the last failure of which is counted). */
function triesOf(spec: ChannelSpec): number {
  if (spec.kind === "webhook") return spec.tries;
  if (spec.kind === "syslog") return spec.protocol === "tcp" ? spec.tries : 1;
  return spec.kind === "email" ? EMAIL_TRIES : 1;
}

/**
 * The notifier: an output that sends alerts and recoveries to the channels each rule names,
 * without ever holding the monitor up (deliveries run beside it), and reports every attempt as
 * a `notify` event through `emit`. Throws a one-line reason for a channel that cannot be set up.
 */
export class Notifier implements Output {
  readonly name = "notify";
  private readonly channels = new Map<string, Channel>();
  private readonly counts = new Map<string, ChannelCounts>();
  private settling: Promise<void> | null = null;
  private settled = false;

  constructor(
    private readonly setup: NotifySetup,
    private readonly emit: (e: NotifyEvent) => void,
    private readonly say: (line: string) => void,
  ) {
    for (const spec of setup.channels) {
      this.counts.set(spec.name, { sent: 0, failed: 0 });
      this.channels.set(spec.name, this.open(spec));
    }
  }

  event(e: MonitorEvent): void {
    if (e.type !== "alert" && e.type !== "recover") return;
    // An alert that was firing when the last run stopped was told already; its recovery is news.
    const key = firingKey(e);
    if (this.setup.firing.has(key)) {
      if (e.type === "recover") this.setup.firing.delete(key);
      else return;
    }
    const names = this.setup.routes[e.rule] ?? [...this.channels.keys()];
    for (const name of names) this.channels.get(name)?.send(e);
  }

  /**
   * Sends what is pending and waits for deliveries under way, SETTLE_LIMIT_MS at most; once.
   * Attempts that end after it are no longer reported (the outputs are closing).
   */
  settle(): Promise<void> {
    this.settling ??= this.settleOnce().then(() => {
      this.settled = true;
    });
    return this.settling;
  }

  private async settleOnce(): Promise<void> {
    const all = Promise.all([...this.channels.values()].map((c) => c.settle()));
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<"late">(
      (resolve) => (timer = setTimeout(() => resolve("late"), SETTLE_LIMIT_MS)),
    );
    const first = await Promise.race([all, limit]);
    clearTimeout(timer);
    if (first === "late")
      this.say(`notifications still under way after ${SETTLE_LIMIT_MS / 1000}s were given up`);
  }

  /** Sent and failed deliveries per channel, for the summary. */
  totals(): Record<string, ChannelCounts> {
    return Object.fromEntries([...this.counts].map(([name, c]) => [name, { ...c }]));
  }

  close(): Promise<void> {
    return this.settle();
  }

  private open(spec: ChannelSpec): Channel {
    if (this.setup.dry) return this.dryRun(spec);
    const report = (a: Attempt) => this.attempt(a, triesOf(spec));
    if (spec.kind === "exec") return execChannel(spec.name, spec.command, spec.timeoutS, report);
    if (spec.kind === "syslog") return syslogChannel(spec, report);
    const secret = (variable: string) => {
      const value = this.setup.env[variable];
      if (value === undefined || value === "") {
        throw new Error(`notify ${spec.name}: the environment variable ${variable} is not set`);
      }
      return value;
    };
    if (spec.kind === "webhook") {
      const headers = { ...spec.headers };
      for (const [header, variable] of Object.entries(spec.headersEnv))
        headers[header] = secret(variable);
      const url = spec.url ?? secret(spec.urlEnv ?? "");
      return webhookChannel({ ...spec, url, headers }, report);
    }
    const password = spec.passwordEnv === null ? null : secret(spec.passwordEnv);
    return emailChannel({ ...spec, password }, report);
  }

  private dryRun(spec: ChannelSpec): Channel {
    const where =
      spec.kind === "exec"
        ? spec.command.join(" ")
        : spec.kind === "webhook"
          ? (spec.url ?? `$${spec.urlEnv ?? ""}`)
          : spec.kind === "syslog"
            ? `${spec.protocol}://${spec.host}:${spec.port}`
            : spec.to.join(", ");
    return {
      name: spec.name,
      send: (e: AlertLine) =>
        this.say(`dry-notify ${spec.name} (${spec.kind} ${where}): ${escapeControl(e.message)}`),
      settle: () => Promise.resolve(),
    };
  }

  private attempt(a: Attempt, tries: number): void {
    if (this.settled) return;
    const c = this.counts.get(a.channel);
    if (c !== undefined && a.ok) c.sent++;
    if (c !== undefined && !a.ok && a.attempt >= tries) c.failed++;
    this.emit({ v: SCHEMA_VERSION, type: "notify", ...a });
  }
}
