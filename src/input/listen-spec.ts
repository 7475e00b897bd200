import { BlockList, isIP } from "node:net";
import { parseDuration } from "../core/duration.js";
import { parseSize } from "../core/size.js";
import { UsageError } from "../core/errors.js";
import { openFileLimit } from "../core/fd-limit.js";

/** A syslog listener as `--listen` or `listen:` gives it, checked. */
export interface ListenSpec {
  protocol: "udp" | "tcp";
  /** The address to bind: 127.0.0.1 unless one is given. */
  host: string;
  port: number;
  /** Sender addresses and CIDRs let in; empty lets everyone in. */
  allow: string[];
  /** Longest message kept, bytes; longer ones are counted as oversize. */
  maxMessage: number;
  /** Most TCP connections open at once. */
  maxConnections: number;
  /** A TCP connection that sends nothing this long is closed, seconds. */
  idleS: number;
  /** How the listener is shown (header, files, errors): the URL without its options. */
  name: string;
}

/**
 * What a listener takes when its URL does not say: at most 1,000 TCP connections, and at most a
 * quarter of the open-file limit (256 under the usual 1,024), so senders leave reading its files.
 */
const LISTEN_DEFAULTS = {
  maxMessage: 64 * 1024,
  maxConnections: Math.max(16, Math.min(1000, Math.floor(openFileLimit() / 4))),
  idleS: 600,
};

/** The options a listener URL (`?name=value&…`) or a `listen:` mapping may carry. */
export const LISTEN_OPTIONS = ["allow", "max_message", "max_connections", "idle_timeout"] as const;

/** Whether `spec` names a syslog listener ("udp://…", "tcp://…"). */
export function isListenSpec(spec: string): boolean {
  return /^(udp|tcp):\/\//i.test(spec);
}

/**
 * Reads "tcp://127.0.0.1:5514", "udp://:5514", "tcp://[::1]:5514?allow=10.0.0.0/8,::1&max_message=8KiB";
 * anything wrong is a UsageError saying what.
 */
export function parseListenSpec(spec: string): ListenSpec {
  const m = /^(udp|tcp):\/\/(\[[^\]]*\]|[^:/?[\]]*):(\d{1,5})\/?(?:\?(.*))?$/i.exec(spec);
  const bad = (why: string) => new UsageError(`--listen ${spec}: ${why}`, 2);
  if (m === null)
    throw bad("expected udp://HOST:PORT or tcp://HOST:PORT (like tcp://127.0.0.1:5514)");
  const protocol = (m[1] as string).toLowerCase() as "udp" | "tcp";
  let host = (m[2] as string).replace(/^\[|\]$/g, "");
  if (host === "" || host === "localhost") host = "127.0.0.1";
  if (isIP(host) === 0) throw bad(`${host} is not an IP address to listen on`);
  const port = Number(m[3]);
  if (port > 65535) throw bad("the port must be between 0 (any free port) and 65535");
  const out: ListenSpec = {
    protocol,
    host,
    port,
    allow: [],
    ...LISTEN_DEFAULTS,
    name: `${protocol}://${isIP(host) === 6 ? `[${host}]` : host}:${port}`,
  };
  for (const part of (m[4] ?? "").split("&").filter((p) => p !== "")) {
    const eq = part.indexOf("=");
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = decodeURIComponent(eq < 0 ? "" : part.slice(eq + 1));
    const problem = setOption(out, key, value);
    if (problem !== null) throw bad(problem);
  }
  return out;
}

/** Sets one option of a listener; null, or what is wrong with it. */
function setOption(out: ListenSpec, key: string, value: string): string | null {
  switch (key) {
    case "allow":
      out.allow = value.split(",").map((a) => a.trim());
      for (const a of out.allow)
        if (cidr(a) === null) return `allow: ${a} is not an address or CIDR`;
      return null;
    case "max_message": {
      const bytes = parseSize(value);
      if (bytes === null || bytes < 480 || bytes > 16 * 1024 * 1024)
        return "max_message must be a size between 480 and 16MiB (like 64KiB)";
      out.maxMessage = bytes;
      return null;
    }
    case "max_connections": {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 100_000)
        return "max_connections must be a whole number between 1 and 100000";
      out.maxConnections = n;
      return null;
    }
    case "idle_timeout": {
      const s = parseDuration(value);
      if (s === null || s < 1 || s > 86400)
        return "idle_timeout must be a duration between 1s and 1d";
      out.idleS = s;
      return null;
    }
    default:
      return `unknown option ${key} (known: ${LISTEN_OPTIONS.join(", ")})`;
  }
}

/** An address or CIDR as [address, prefix bits, family], or null. */
function cidr(spec: string): [string, number, "ipv4" | "ipv6"] | null {
  const [address = "", bits, extra] = spec.split("/");
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return null;
  const max = family === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!/^\d+$/.test(bits ?? "0") || prefix > max) return null;
  return [address, prefix, family === 4 ? "ipv4" : "ipv6"];
}

/** The senders a listener lets in: a check per address (plain: "10.0.0.1", not "::ffff:10.0.0.1"). */
export function allowCheck(allow: string[]): ((address: string) => boolean) | null {
  if (allow.length === 0) return null;
  const list = new BlockList();
  for (const spec of allow) {
    const [address, prefix, family] = cidr(spec) as [string, number, "ipv4" | "ipv6"];
    list.addSubnet(address, prefix, family);
  }
  return (address) => {
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
  };
}
