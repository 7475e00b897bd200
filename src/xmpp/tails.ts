import { basename } from "node:path";
import type { Clock } from "../core/clock.js";
import { lastLines } from "../source/backfill.js";
import { Follower } from "../source/follow/follower.js";
import type { FollowSink } from "../source/follow/tail.js";
import { LineSplitter } from "../source/lines.js";
import type { ByteSink } from "../source/read.js";
import { TailOutbox } from "./outbox.js";
import { bareJid } from "./spec.js";
import { chatText } from "./text.js";

/** One JID's tails: where they are sent (the full JID that asked last), and their outbox. */
interface Tailer {
  to: string;
  outbox: TailOutbox;
  tails: Map<string, Follower>;
}

/**
 * The live tails of every JID: each a follower of a named log (through rotation, as `-f`
 * follows), started at its last N lines; lines go through the JID's outbox (one message a
 * second at most), prefixed with the log's name while the JID has more than one tail.
 */
export class ChatTails {
  private readonly byJid = new Map<string, Tailer>();
  /** Lines and skipped lines of tails already stopped (the running ones are in their outboxes). */
  private linesDone = 0;
  private skippedDone = 0;

  constructor(
    private readonly clock: Clock,
    private readonly send: (to: string, body: string) => void,
  ) {}

  /** Starts (or restarts) the tail of log `name` for the JID of `to`; resolves with the reply. */
  async start(to: string, name: string, pattern: string, n: number): Promise<string> {
    const jid = bareJid(to);
    let t = this.byJid.get(jid);
    if (t === undefined) {
      t = { to, outbox: new TailOutbox(), tails: new Map() };
      this.byJid.set(jid, t);
    }
    t.to = to;
    const tailer = t;
    await tailer.tails.get(name)?.stop();
    const line = (text: string) =>
      tailer.outbox.add(tailer.tails.size > 1 ? `${name}: ${text}` : text);
    const sink: FollowSink = {
      open: (): ByteSink => {
        const splitter = new LineSplitter(
          (buf, start, end) => line(chatText(buf.toString("utf8", start, end))),
          () => line("(a line over 64 KiB, not shown)"),
        );
        return {
          push: (chunk) => splitter.push(chunk),
          end: () => splitter.end(),
          get pendingBytes() {
            return splitter.pendingBytes;
          },
        };
      },
      note: () => undefined,
      state: (path, state, detail) => {
        if (state !== "following") line(chatText(`(${basename(path)}: ${state} ${detail})`));
      },
    };
    const follower = new Follower(
      { patterns: [pattern], poll: false, firstOffset: lastLines(n) },
      sink,
      this.clock,
    );
    tailer.tails.set(name, follower);
    await follower.start();
    const others =
      tailer.tails.size > 1
        ? ` (${tailer.tails.size} tails: lines are prefixed with their log's name)`
        : "";
    return `tailing ${name}: the last ${n} lines, then new lines as they come; stop ${name} ends it${others}`;
  }

  /** Stops one tail (or all) of the JID of `to`; the reply. */
  stop(to: string, name: string | null): string {
    const t = this.byJid.get(bareJid(to));
    const names = name === null ? [...(t?.tails.keys() ?? [])] : [name];
    const stopped = names.filter((n) => t?.tails.has(n) === true);
    if (t === undefined || stopped.length === 0) {
      return name === null ? "no tail is running" : `no tail of ${name} is running`;
    }
    for (const n of stopped) {
      void t.tails.get(n)?.stop();
      t.tails.delete(n);
    }
    return `stopped ${stopped.join(", ")}`;
  }

  /**
   * The client the tails of a JID go to went offline (or bounced them): they are stopped, so a
   * forgotten tail does not fill the server's offline storage.
   */
  gone(from: string): void {
    const t = this.byJid.get(bareJid(from));
    if (t === undefined || (t.to !== from && t.to !== bareJid(from))) return;
    this.stop(from, null);
  }

  /** Sends each JID's waiting lines that are due. */
  flush(): void {
    const now = this.clock.nowMs();
    for (const [jid, t] of this.byJid) {
      const body = t.outbox.take(now);
      if (body !== null) this.send(t.to, body);
      if (t.tails.size === 0 && !t.outbox.waiting) {
        this.linesDone += t.outbox.added;
        this.skippedDone += t.outbox.skippedTotal;
        this.byJid.delete(jid);
      }
    }
  }

  /** Lines the tails gave, and those skipped because a log outran the message limits. */
  get lines(): number {
    return this.linesDone + [...this.byJid.values()].reduce((s, t) => s + t.outbox.added, 0);
  }

  get skipped(): number {
    return (
      this.skippedDone + [...this.byJid.values()].reduce((s, t) => s + t.outbox.skippedTotal, 0)
    );
  }

  /** Stops every tail. */
  async close(): Promise<void> {
    const all = [...this.byJid.values()].flatMap((t) => [...t.tails.values()]);
    await Promise.all(all.map((f) => f.stop()));
    for (const t of this.byJid.values()) t.tails.clear();
  }
}
