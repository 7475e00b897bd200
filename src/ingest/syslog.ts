import type { Clock } from "../core/clock.js";
import { HASH_SEED, hashByte } from "../core/hash.js";
import { StringPool } from "../parse/intern.js";
import { parseSyslog, SyslogMessage, syslogTime } from "../parse/syslog.js";
import type { FrameProblem } from "../source/frames.js";
import type { Ingest } from "./ingest.js";
import { sampleText, type LineHandler, type TimeFallback } from "./sink.js";

/** Most senders kept apart; messages from further names are counted under OTHER_SENDERS. */
const MAX_SENDERS = 1000;

/** Where messages from senders beyond MAX_SENDERS are counted. */
const OTHER_SENDERS = "(other senders)";

/**
 * Turns syslog messages from the network into lines of the inputs they come from: each sender,
 * named by its HOSTNAME (else its address), is an input like a followed file, with its own
 * counts in `files`, and its MSG is parsed by the run's format. Frames that are no syslog
 * message are counted as unparsed lines of the address they came from, with their reason.
 */
export class SyslogReceiver implements TimeFallback {
  private readonly senders = new Map<string, LineHandler>();
  private readonly m = new SyslogMessage();
  private readonly names = new StringPool("latin1", 10);
  private current: Buffer = Buffer.alloc(0);
  private format = "auto";

  constructor(
    private readonly ingest: Ingest,
    private readonly clock: Clock,
    /** Told of each new sender, once: it becomes an input. */
    private readonly onSender: (name: string) => void,
  ) {}

  /** One message (a datagram, a TCP frame) in b[start, end) from `address`. */
  frame(b: Buffer, start: number, end: number, address: string): void {
    const m = this.m;
    const problem = parseSyslog(b, start, end, m);
    if (problem !== null) {
      this.sender(address).bad(problem, () => sampleText(b, start, end));
      return;
    }
    let name = address;
    if (m.hostStart >= 0) {
      let h = HASH_SEED;
      for (let i = m.hostStart; i < m.hostEnd; i++) h = hashByte(h, b[i] as number);
      name = this.names.hashed(b, m.hostStart, m.hostEnd, h);
    }
    this.current = b;
    const handler = this.sender(name);
    handler.line(b, m.msgStart, m.msgEnd, this);
    handler.flush();
    this.format = handler.format;
  }

  /** Bytes from `address` that are no message (a lying octet count, over max_message). */
  bad(problem: FrameProblem, b: Buffer, start: number, end: number, address: string): void {
    const text = sampleText(b, start, end);
    this.sender(address).bad(problem, () => text);
  }

  /** Bytes received, for the live clock and the header's rate. */
  received(bytes: number): void {
    this.ingest.received(bytes, this.format);
  }

  /** The header time of the message being parsed: for a line whose format has none. */
  time(): number {
    return syslogTime(this.current, this.m, this.clock.nowMs() / 1000);
  }

  private sender(name: string): LineHandler {
    let handler = this.senders.get(name);
    if (handler === undefined) {
      if (this.senders.size >= MAX_SENDERS && name !== OTHER_SENDERS) {
        return this.sender(OTHER_SENDERS);
      }
      handler = this.ingest.handler(name);
      this.senders.set(name, handler);
      this.onSender(name);
    }
    return handler;
  }
}
