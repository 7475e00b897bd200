import net from "node:net";
import type { Clock } from "../core/clock.js";
import type { SyslogReceiver } from "../ingest/syslog.js";
import { FrameSplitter } from "../source/frames.js";
import type { OutputReady } from "../source/read.js";
import type { ListenSpec } from "./listen-spec.js";

/** What a listener reports to and reads through, whatever its protocol. */
export interface ListenerHooks {
  receiver: SyslogReceiver;
  /** Whether an address may send; null lets every address in. */
  allowed: ((address: string) => boolean) | null;
  /** A message or connection was refused for its address, or (n) datagrams were dropped. */
  note(event: "denied" | "dropped", n?: number): void;
  /** The listener's detail changed ("2 connections"). */
  changed(): void;
  outputReady: OutputReady;
  clock: Clock;
}

/** A bound listener: receives once started, until stopped. */
export interface Listener {
  /** The port bound (the one asked for, or the one given for port 0). */
  readonly port: number;
  start(): void;
  /** What the header shows after "listening" ("3 connections"). */
  detail(): string;
  stop(): Promise<void>;
}

/** "::ffff:10.0.0.1" as "10.0.0.1": senders are named the same on IPv4 and dual-stack sockets. */
export function plainAddress(address: string | undefined): string {
  if (address === undefined) return "(unknown)";
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

/** How long a connection must have been silent to be closed for a new one at max_connections, ms. */
const EVICT_IDLE_MS = 1000;

interface Connection {
  socket: net.Socket;
  splitter: FrameSplitter;
  lastMs: number;
  ended: boolean;
}

/**
 * A TCP syslog listener (RFC 6587 framing, per message). Each connection is read on its own,
 * paused only while the outputs are full, so a slow or silent sender holds no one back; one
 * idle for `idleS` is closed, and at `maxConnections` a new connection closes the one idle the
 * longest (a sender that went away without closing) rather than being refused.
 */
export async function listenTcp(spec: ListenSpec, hooks: ListenerHooks): Promise<Listener> {
  const connections = new Set<Connection>();
  let started = false;
  let closedIdle = 0;
  let refused = 0;
  const { receiver } = hooks;

  const end = (c: Connection) => {
    if (c.ended) return;
    c.ended = true;
    c.splitter.end();
    connections.delete(c);
    hooks.changed();
  };

  /** At the limit: closes the connection idle the longest, if it has been idle a second. */
  const evictIdlest = (): boolean => {
    let idlest: Connection | null = null;
    for (const c of connections) if (idlest === null || c.lastMs < idlest.lastMs) idlest = c;
    if (idlest === null || hooks.clock.nowMs() - idlest.lastMs < EVICT_IDLE_MS) return false;
    closedIdle++;
    end(idlest);
    idlest.socket.destroy();
    return true;
  };

  const server = net.createServer({ pauseOnConnect: true }, (socket) => {
    const address = plainAddress(socket.remoteAddress);
    if (hooks.allowed !== null && !hooks.allowed(address)) {
      hooks.note("denied");
      socket.destroy();
      return;
    }
    if (connections.size >= spec.maxConnections && !evictIdlest()) {
      refused++;
      hooks.changed();
      socket.destroy();
      return;
    }
    const c: Connection = {
      socket,
      lastMs: hooks.clock.nowMs(),
      ended: false,
      splitter: new FrameSplitter(
        {
          frame: (b, start, end) => receiver.frame(b, start, end, address),
          bad: (problem, b, start, end) => receiver.bad(problem, b, start, end, address),
        },
        spec.maxMessage,
      ),
    };
    connections.add(c);
    hooks.changed();
    socket.setKeepAlive(true, 60_000);
    socket.setTimeout(spec.idleS * 1000, () => {
      closedIdle++;
      end(c);
      socket.destroy();
    });
    socket.on("data", (chunk: Buffer) => {
      c.lastMs = hooks.clock.nowMs();
      receiver.received(chunk.length);
      c.splitter.push(chunk);
      const wait = hooks.outputReady();
      if (wait !== null) {
        socket.pause();
        void wait.then(() => socket.resume());
      }
    });
    socket.on("error", () => undefined);
    socket.on("close", () => end(c));
    if (started) socket.resume();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: spec.host, port: spec.port, backlog: 1024 }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", () => undefined);
  return {
    port: (server.address() as net.AddressInfo).port,
    start: () => {
      started = true;
      for (const c of connections) c.socket.resume();
    },
    detail: () => {
      let text = `${connections.size} connection${connections.size === 1 ? "" : "s"}`;
      if (closedIdle > 0) text += `, ${closedIdle} closed idle`;
      if (refused > 0) text += `, ${refused} refused at max_connections`;
      return text;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const c of [...connections]) {
          end(c);
          c.socket.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
