import dgram from "node:dgram";
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import type { ListenSpec } from "./listen-spec.js";
import { plainAddress, type Listener, type ListenerHooks } from "./syslog-tcp.js";

/** Receive buffer asked for: bursts from many senders wait here; the kernel may give less. */
const RECEIVE_BUFFER_BYTES = 8 * 1024 * 1024;

/** Datagrams kept while the run is not started yet (the instant before outputs open). */
const EARLY_DATAGRAMS = 10_000;

/** How often the kernel's drop count is read, ms. */
const DROPS_POLL_MS = 1000;

/**
 * A UDP syslog listener: one message per datagram, a large receive buffer, and the datagrams the
 * kernel dropped for want of room counted, where Linux tells (/proc/net/udp).
 */
export async function listenUdp(spec: ListenSpec, hooks: ListenerHooks): Promise<Listener> {
  const family = isIP(spec.host) === 6 ? "udp6" : "udp4";
  const socket = dgram.createSocket({ type: family, recvBufferSize: RECEIVE_BUFFER_BYTES });
  const early: [Buffer, string][] = [];
  let started = false;
  let lastAddress = "";
  let lastAllowed = true;
  const { receiver } = hooks;

  const take = (msg: Buffer, address: string) => {
    receiver.received(msg.length);
    if (msg.length > spec.maxMessage) receiver.bad("oversize", msg, 0, msg.length, address);
    else receiver.frame(msg, 0, msg.length, address);
  };
  socket.on("message", (msg, rinfo) => {
    const address = plainAddress(rinfo.address);
    if (hooks.allowed !== null) {
      if (address !== lastAddress) [lastAddress, lastAllowed] = [address, hooks.allowed(address)];
      if (!lastAllowed) {
        hooks.note("denied");
        return;
      }
    }
    if (started) take(msg, address);
    else if (early.length < EARLY_DATAGRAMS) early.push([msg, address]);
  });
  socket.on("error", () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind({ address: spec.host, port: spec.port, exclusive: true }, () => {
      socket.off("error", reject);
      resolve();
    });
  });
  const port = socket.address().port;
  const drops = new KernelDrops(family, port);
  let pollTimer: NodeJS.Timeout | null = null;
  const poll = () => {
    const n = drops.newDrops();
    if (n > 0) hooks.note("dropped", n);
  };
  let bufferBytes = 0;
  try {
    bufferBytes = socket.getRecvBufferSize();
  } catch {
    // Shown as unknown.
  }
  return {
    port,
    start: () => {
      started = true;
      for (const [msg, address] of early.splice(0)) take(msg, address);
      pollTimer = setInterval(poll, DROPS_POLL_MS).unref();
    },
    detail: () =>
      bufferBytes > 0 ? `receive buffer ${Math.round(bufferBytes / 1024)} KiB` : "receiving",
    stop: () =>
      new Promise<void>((resolve) => {
        if (pollTimer !== null) clearInterval(pollTimer);
        poll();
        socket.close(() => resolve());
      }),
  };
}

/**
 * The drops Linux counts for one UDP port (the last column of /proc/net/udp and udp6), read as
 * a difference from the first reading; nothing where the file is not there.
 */
class KernelDrops {
  private readonly path: string;
  private readonly portHex: string;
  private base: number | null;

  constructor(family: "udp4" | "udp6", port: number) {
    this.path = family === "udp6" ? "/proc/net/udp6" : "/proc/net/udp";
    this.portHex = `:${port.toString(16).toUpperCase().padStart(4, "0")}`;
    this.base = this.read();
  }

  /** Drops since the last call. */
  newDrops(): number {
    const now = this.read();
    if (now === null || this.base === null) return 0;
    const n = Math.max(0, now - this.base);
    this.base = now;
    return n;
  }

  private read(): number | null {
    let text: string;
    try {
      text = readFileSync(this.path, "latin1");
    } catch {
      return null;
    }
    for (const line of text.split("\n")) {
      const fields = line.trim().split(/\s+/);
      if (fields[1]?.endsWith(this.portHex) === true) return Number(fields[fields.length - 1]);
    }
    return null;
  }
}
