import type { Clock } from "../core/clock.js";
import type { AlertLine, MonitorEvent, ReportEvent } from "../core/event.js";
import type { LiveView } from "../core/types.js";
import { writeSubscription } from "../notify/state.js";
import type { Output } from "../output/output.js";
import { textLines } from "../output/text.js";
import { describeFsError } from "../source/errors.js";
import { answer, type BotActions } from "./commands.js";
import { CommandLimit, Strangers } from "./limits.js";
import { XmppLink } from "./link.js";
import { describeLogs, statusText } from "./reply.js";
import { bareJid, type XmppSpec } from "./spec.js";
import { ChatTails } from "./tails.js";
import { chatText } from "./text.js";

/** Alerts and recoveries kept for `alerts`. */
const MAX_HISTORY = 1000;
/** How often waiting tail lines are looked at, ms (each JID still gets at most one message a second). */
const TICK_MS = 200;

/** What the bot reads of the run besides its events. */
export interface BotEnv {
  clock: Clock;
  live(): LiveView;
  /** The time of a log line (its parser's), NaN when it does not parse. */
  timeOf(line: Buffer): number;
  /** One line for stderr (not while the dashboard has the screen). */
  notice(line: string): void;
  /** The state file (subscriptions kept there), or null. */
  stateFile: string | null;
  /** What the state file said: earlier alerts, subscribed JIDs. */
  earlier: AlertLine[];
  subscribers: Set<string>;
}

/** The bot's counts, in the summary's `xmpp`. */
export type BotTotals = {
  connections: number;
  commands: number;
  commands_dropped: number;
  strangers: number;
  tail_lines: number;
  tail_skipped: number;
  alerts_sent: number;
};

/**
 * The XMPP chat bot, an output: answers allowed JIDs' commands, runs their live tails, pushes
 * alerts and recoveries to subscribers, and says in its presence what it watches. Nothing it
 * does waits on the connection, so reading never waits on chat.
 */
export class XmppBot implements Output, BotActions {
  readonly name = "xmpp";
  readonly lingers = true;
  private readonly link: XmppLink;
  private readonly tails: ChatTails;
  private readonly limit = new CommandLimit();
  private readonly strangers = new Strangers();
  private readonly history: AlertLine[];
  private readonly subscribers: Set<string>;
  private report: ReportEvent | null = null;
  private readonly timer: NodeJS.Timeout;
  private lastLine = "";
  private commands = 0;
  private alertsSent = 0;

  constructor(
    private readonly spec: XmppSpec,
    password: string,
    private readonly env: BotEnv,
  ) {
    this.history = env.earlier.slice(-MAX_HISTORY);
    this.subscribers = new Set(env.subscribers);
    this.tails = new ChatTails(env.clock, (jid, body) => this.link.send(jid, body));
    this.link = new XmppLink(spec, password, {
      message: (from, body) => void this.message(from, body),
      gone: (from) => this.tails.gone(from),
      subscribeRequest: (from) => this.link.answerSubscription(from, this.allowedJid(from)),
      state: (line) => {
        if (line !== this.lastLine) env.notice(line);
        this.lastLine = line;
      },
      online: () => this.updatePresence(),
    });
    this.link.start();
    this.timer = setInterval(() => {
      if (this.link.online) this.tails.flush();
    }, TICK_MS);
    this.timer.unref();
  }

  /** The state for the dashboard header ("xmpp online", "xmpp: connection refused"). */
  get state(): string {
    return this.link.stateText;
  }

  private allowedJid(jid: string): boolean {
    return this.spec.users.has(bareJid(jid));
  }

  private async message(from: string, body: string): Promise<void> {
    const jid = bareJid(from);
    const now = this.env.clock.nowMs();
    if (!this.allowedJid(jid)) {
      if (this.strangers.attempt(jid, now)) this.reply(from, "not authorized");
      return;
    }
    const verdict = this.limit.check(jid, now);
    if (verdict !== "ok") {
      if (verdict === "tell") this.reply(from, "too many commands: at most 5 a second");
      return;
    }
    this.commands++;
    let text: string;
    try {
      text = await answer(this, from, body);
    } catch (err) {
      text = `that failed: ${(err as Error).message}`;
    }
    this.reply(from, text);
  }

  private reply(to: string, text: string): void {
    this.link.send(to, text.split("\n").map(chatText).join("\n"));
  }

  allowed(jid: string): string[] {
    return this.spec.users.get(bareJid(jid)) ?? [];
  }

  ls(jid: string): Promise<string> {
    const names = this.allowed(jid);
    return describeLogs(names, this.spec.logs, this.env.timeOf);
  }

  tail(jid: string, name: string, n: number): Promise<string> {
    return this.tails.start(jid, name, this.spec.logs.get(name) as string, n);
  }

  stop(jid: string, name: string | null): string {
    return this.tails.stop(jid, name);
  }

  status(): string {
    return statusText(this.report, this.env.live());
  }

  alerts(n: number): string {
    const shown = this.history.slice(-n);
    if (shown.length === 0) return "no alerts so far";
    return shown.map((a) => textLines(a).trimEnd()).join("\n");
  }

  subscribe(jid: string, on: boolean): string {
    const bare = bareJid(jid);
    const had = this.subscribers.has(bare);
    if (on) this.subscribers.add(bare);
    else this.subscribers.delete(bare);
    const path = this.env.stateFile;
    let kept = "";
    if (path === null) kept = on ? " (until logmon restarts: no state_file is set)" : "";
    else if (had !== on) {
      try {
        writeSubscription(path, bare, on);
      } catch (err) {
        kept = ` (not kept across restarts: ${describeFsError(err)})`;
      }
    }
    return on
      ? `subscribed: alerts and recoveries will be sent to you${kept}`
      : "unsubscribed: no more alert messages";
  }

  event(e: MonitorEvent): void {
    if (e.type === "report") this.report = e;
    if (e.type !== "alert" && e.type !== "recover") return;
    this.history.push(e);
    if (this.history.length > MAX_HISTORY) this.history.shift();
    const text = chatText(textLines(e).trimEnd());
    for (const jid of this.subscribers) {
      this.link.send(jid, text);
      this.alertsSent++;
    }
    this.updatePresence();
  }

  private updatePresence(): void {
    const names = [...this.spec.logs.keys()];
    const firing = this.env
      .live()
      .firing.map((f) => (f.key === null ? f.rule : `${f.rule}[${f.key}]`));
    const state = firing.length === 0 ? "ok" : `ALERT: ${firing.join(", ")}`;
    this.link.presence(chatText(`watching ${names.join(", ")} · ${state}`));
  }

  /** The counts for the summary. */
  totals(): BotTotals {
    return {
      connections: this.link.connections,
      commands: this.commands,
      commands_dropped: this.limit.dropped,
      strangers: this.strangers.attempts,
      tail_lines: this.tails.lines,
      tail_skipped: this.tails.skipped,
      alerts_sent: this.alertsSent,
    };
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.tails.close();
    await this.link.stop();
  }
}
