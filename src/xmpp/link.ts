import { randomUUID } from "node:crypto";
import { client, xml, type Client } from "@xmpp/client";
import { bareJid, isLoopback, type XmppSpec } from "./spec.js";

/** First wait before connecting again, and the longest, ms. */
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 60_000;
/** Messages kept for sending while offline (alert pushes); older ones give way. */
const MAX_QUEUED = 200;

/** What the link tells the bot. */
export interface LinkEvents {
  /** A chat message from `from` (a full JID). */
  message(from: string, body: string): void;
  /** `from` went offline, or a message to it bounced: its live tails have no one to go to. */
  gone(from: string): void;
  /** A presence subscription request (someone added the bot to their contacts). */
  subscribeRequest(from: string): void;
  /** The connection's state changed: one line for stderr ("xmpp: online as …"). */
  state(line: string): void;
  /** Now online (again): queued messages went out, the presence is set. */
  online(): void;
}

/** Words for a connection failure ("wrong password (not-authorized)", "connection refused"). */
export function failureText(err: unknown): string {
  const e = err as { condition?: string; code?: string; message?: string } | null;
  if (e?.condition === "not-authorized") return "wrong JID or password (not-authorized)";
  if (e?.condition !== undefined) return `the server said ${e.condition}`;
  if (e?.code === "ECONNREFUSED") return "connection refused";
  if (e?.code === "ENOTFOUND") return "server not found";
  return e?.message ?? String(err);
}

/**
 * The bot's XMPP connection: connects out (so it crosses NAT), refuses to send its password over
 * a connection without TLS unless the server is on loopback, and reconnects with backoff (1 s,
 * doubling to a minute) whenever the server restarts or the network drops. A fresh client is
 * made for each attempt, so no half-open state carries over.
 */
export class XmppLink {
  private xmpp: Client | null = null;
  private retryMs = FIRST_RETRY_MS;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly queue: { to: string; body: string }[] = [];
  private presenceText = "";
  /** A short state for the dashboard header ("xmpp online", "xmpp: connection refused"). */
  stateText = "xmpp connecting";
  online = false;
  /** How many times it connected (1 at first). */
  connections = 0;
  /** This process's resource ("logmon-1a2b3c4d"), kept across reconnections. */
  private readonly resource = `logmon-${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly spec: XmppSpec,
    private readonly password: string,
    private readonly events: LinkEvents,
  ) {}

  /** Starts connecting; never throws (failures are states, retried). */
  start(): void {
    void this.attempt();
  }

  private get service(): string {
    const domain = this.spec.jid.split("@")[1] as string;
    if (this.spec.host === null) return domain;
    const scheme = this.spec.port === 5223 ? "xmpps" : "xmpp";
    const host = this.spec.host.includes(":") ? `[${this.spec.host}]` : this.spec.host;
    return `${scheme}://${host}:${this.spec.port}`;
  }

  private async attempt(): Promise<void> {
    this.timer = null;
    if (this.stopped) return;
    const [local, domain] = this.spec.jid.split("@") as [string, string];
    const password = this.password;
    const xmpp = client({
      service: this.service,
      domain,
      // Its own resource: two logmons on one JID would otherwise log each other out in turn.
      resource: this.resource,
      credentials: async (authenticate, mechanisms, _fast, entity) => {
        // The address actually connected to, whatever name led there.
        const address = (entity as { socket?: { remoteAddress?: string } }).socket?.remoteAddress;
        if (!entity.isSecure() && !isLoopback(address ?? "")) {
          throw new Error("the server offered no TLS: the password is not sent in the clear");
        }
        const mechanism = mechanisms.find((m) => m !== "PLAIN") ?? mechanisms[0];
        await authenticate(
          { username: local, password },
          mechanism as string,
          xml("user-agent", { id: this.resource }),
        );
      },
    });
    this.xmpp = xmpp;
    xmpp.reconnect.stop();
    xmpp.on("error", () => undefined);
    xmpp.on("stanza", (s) => this.stanza(s));
    xmpp.on("disconnect", () => this.lost(xmpp, "the connection dropped"));
    try {
      await xmpp.start();
    } catch (err) {
      this.lost(xmpp, failureText(err));
      return;
    }
    if (this.xmpp !== xmpp) return;
    this.online = true;
    this.connections++;
    this.retryMs = FIRST_RETRY_MS;
    this.stateText = "xmpp online";
    const tls = xmpp.isSecure() ? "over TLS" : "without TLS (loopback)";
    this.events.state(`xmpp: online as ${this.spec.jid} ${tls}`);
    await this.sendPresence();
    for (const m of this.queue.splice(0)) this.send(m.to, m.body);
    this.events.online();
  }

  /** The attempt or the connection of `xmpp` ended: try again after the backoff. */
  private lost(xmpp: Client, why: string): void {
    if (this.xmpp !== xmpp || this.stopped) return;
    this.xmpp = null;
    this.online = false;
    xmpp.removeAllListeners();
    xmpp.on("error", () => undefined);
    void xmpp.stop().catch(() => undefined);
    const wait = this.retryMs;
    this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
    this.stateText = `xmpp: ${why}`;
    this.events.state(`xmpp: ${why}; trying again in ${Math.round(wait / 1000)} s`);
    this.timer = setTimeout(() => void this.attempt(), wait);
  }

  private stanza(s: ReturnType<typeof xml>): void {
    const from = s.attrs.from as string | undefined;
    if (from === undefined) return;
    if (s.is("message")) {
      const type = (s.attrs.type as string | undefined) ?? "normal";
      const body = s.getChildText("body");
      if ((type === "chat" || type === "normal") && body !== null) this.events.message(from, body);
      else if (type === "error") this.events.gone(from);
    } else if (s.is("presence") && s.attrs.type === "subscribe") {
      this.events.subscribeRequest(from);
    } else if (s.is("presence") && s.attrs.type === "unavailable") {
      this.events.gone(from);
    }
  }

  /** Sends a chat message, or keeps it (bounded) until online again. */
  send(to: string, body: string): void {
    const xmpp = this.xmpp;
    if (xmpp === null || !this.online) {
      this.queue.push({ to, body });
      if (this.queue.length > MAX_QUEUED) this.queue.shift();
      return;
    }
    xmpp.send(xml("message", { type: "chat", to }, xml("body", {}, body))).catch(() => undefined);
  }

  /** Answers a presence subscription: approved (then asked back) or refused. */
  answerSubscription(to: string, approve: boolean): void {
    const xmpp = this.xmpp;
    if (xmpp === null || !this.online) return;
    const send = (type: string) =>
      xmpp.send(xml("presence", { to: bareJid(to), type })).catch(() => undefined);
    void send(approve ? "subscribed" : "unsubscribed");
    if (approve) void send("subscribe");
  }

  /** The status message others see next to the bot ("watching access, api"). */
  presence(text: string): void {
    if (text === this.presenceText) return;
    this.presenceText = text;
    void this.sendPresence();
  }

  private async sendPresence(): Promise<void> {
    const xmpp = this.xmpp;
    if (xmpp === null || !this.online) return;
    await xmpp
      .send(xml("presence", {}, xml("status", {}, this.presenceText)))
      .catch(() => undefined);
  }

  /** Goes offline for good. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    const xmpp = this.xmpp;
    this.xmpp = null;
    this.online = false;
    if (xmpp === null) return;
    xmpp.removeAllListeners();
    xmpp.on("error", () => undefined);
    await xmpp.send(xml("presence", { type: "unavailable" })).catch(() => undefined);
    await xmpp.stop().catch(() => undefined);
  }
}
