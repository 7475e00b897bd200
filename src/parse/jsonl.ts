import { KEEP_AGENT, KEEP_REFERRER, type LogRecord } from "../core/types.js";
import { readRequest } from "./clf.js";
import { MAX_BYTES, parseIsoTime, saneLatency, saneTime } from "./fields.js";
import type { LineParser, ParseResult } from "./parser.js";
import { clearPath, readSection } from "./section.js";
import { parseClfTimeBody } from "./timestamp.js";

/** The record fields a JSON line can fill, each from the first key present (dotted paths allowed). */
export type JsonField =
  | "time"
  | "host"
  | "method"
  | "path"
  | "request"
  | "status"
  | "bytes"
  | "latency"
  | "vhost"
  | "agent"
  | "referrer";

/** Keys tried for each field: nginx escape=json names, then Caddy's, then Traefik's. */
export const JSON_KEYS: Record<JsonField, string[]> = {
  time: ["time_iso8601", "time_local", "@timestamp", "timestamp", "time", "ts", "StartUTC", "msec"],
  host: [
    "remote_addr",
    "request.client_ip",
    "request.remote_ip",
    "client_ip",
    "ClientHost",
    "remote_ip",
    "ip",
  ],
  method: ["request_method", "request.method", "method", "RequestMethod"],
  path: ["request_uri", "request.uri", "uri", "RequestPath", "path", "url"],
  request: ["request"],
  status: ["status", "DownstreamStatus", "status_code", "response_status"],
  bytes: ["body_bytes_sent", "bytes_sent", "size", "DownstreamContentSize", "bytes"],
  latency: ["request_time", "duration", "Duration", "latency_ms", "upstream_response_time"],
  vhost: ["host", "http_host", "request.host", "RequestHost", "server_name"],
  agent: [
    "http_user_agent",
    "request.headers.User-Agent",
    "request_User-Agent",
    "user_agent",
    "agent",
  ],
  referrer: ["http_referer", "request.headers.Referer", "request_Referer", "referer", "referrer"],
};

/** Milliseconds per unit of a latency key: seconds unless the key says otherwise (Traefik: ns). */
function latencyScale(key: string): number {
  if (key === "Duration" || key.endsWith("_ns")) return 1e-6;
  if (key.endsWith("_us")) return 1e-3;
  if (key.endsWith("_ms")) return 1;
  return 1000;
}

function get(obj: Record<string, unknown>, path: string): unknown {
  if (!path.includes(".")) return obj[path];
  let v: unknown = obj;
  for (const part of path.split(".")) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function first(obj: Record<string, unknown>, keys: string[]): [string, unknown] | null {
  for (const key of keys) {
    const v = get(obj, key);
    if (v !== undefined && v !== null && v !== "" && v !== "-") return [key, v];
  }
  return null;
}

/**
 * An epoch number in seconds, milliseconds, microseconds or nanoseconds, told apart by its
 * magnitude (a second count above 10^11 would be after the year 5138; nanoseconds stop below
 * 10^19, where 64 bits do): whole seconds, or NaN.
 */
function epochSeconds(v: number): number {
  if (!(v < 1e19)) return NaN;
  const scaled = v >= 1e17 ? v / 1e9 : v >= 1e14 ? v / 1e6 : v >= 1e11 ? v / 1e3 : v;
  const t = Math.floor(scaled);
  return saneTime(t) ? t : NaN;
}

/** The time a JSON value holds: an epoch number (also as a string), ISO 8601 or CLF text; or NaN. */
function timeOf(v: unknown): number {
  if (typeof v === "number") return epochSeconds(v);
  if (typeof v !== "string") return NaN;
  if (/^\d+(\.\d+)?$/.test(v)) return epochSeconds(Number(v));
  const b = Buffer.from(v);
  const t =
    b.length === 26 && b[2] === 0x2f ? parseClfTimeBody(b, 0) : parseIsoTime(b, 0, b.length);
  return saneTime(t) ? t : NaN;
}

/** A text field's value: strings as they are, numbers and booleans written out; null for objects and arrays. */
function textOf(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
}

/** A numeric field's value: a number, or a string holding one; NaN for anything else. */
function numberOf(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "") return Number(v);
  return NaN;
}

/** "1.2.3.4:5678" → "1.2.3.4", "[2001:db8::1]:443" → "2001:db8::1"; anything else unchanged. */
function withoutPort(host: string): string {
  const v4 = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(host);
  if (v4 !== null) return v4[1] as string;
  const v6 = /^\[([0-9a-fA-F:.]+)\](:\d+)?$/.exec(host);
  return v6 === null ? host : (v6[1] as string);
}

/** Which server wrote these lines, from keys only one of them uses. */
function serverOf(obj: Record<string, unknown>): string {
  if (obj.logger === "http.log.access" || typeof obj.request === "object") return "json (caddy)";
  if ("DownstreamStatus" in obj || "ClientHost" in obj) return "json (traefik)";
  return "json (nginx)";
}

/**
 * JSON lines (nginx escape=json, Caddy, Traefik): each line one object; fields found by the
 * first present key of JSON_KEYS, or of `overrides` ("time=ts,path=uri").
 */
export function jsonParser(overrides: Partial<Record<JsonField, string>> = {}): LineParser {
  const keys = { ...JSON_KEYS };
  for (const [field, key] of Object.entries(overrides)) keys[field as JsonField] = [key];
  let name = "json";
  return {
    get name() {
      return name;
    },
    parse(b: Buffer, start: number, end: number, out: LogRecord): ParseResult {
      if (start >= end) return "empty";
      if (b[start] !== 0x7b) return "bad_json";
      let obj: Record<string, unknown>;
      try {
        obj = JSON.parse(b.toString("utf8", start, end)) as Record<string, unknown>;
      } catch {
        return "bad_json";
      }
      if (typeof obj !== "object" || obj === null || Array.isArray(obj)) return "bad_json";
      const time = first(obj, keys.time);
      if (time === null && Number.isNaN(out.fallbackTime)) return "no_timestamp";
      const t = time === null ? out.fallbackTime : timeOf(time[1]);
      if (Number.isNaN(t)) return "bad_timestamp";
      out.time = t;
      const status = numberOf(first(obj, keys.status)?.[1]);
      if (!Number.isInteger(status) || status < 100 || status > 999) return "bad_status";
      out.status = status;
      const host = textOf(first(obj, keys.host)?.[1] ?? "-");
      const vhost = textOf(first(obj, keys.vhost)?.[1] ?? "");
      const method = textOf(first(obj, keys.method)?.[1] ?? "-");
      if (host === null || vhost === null || method === null) return "bad_field";
      out.host = withoutPort(host);
      out.vhost = vhost;
      out.method = method;
      out.section = "(none)";
      clearPath(out);
      const request = first(obj, keys.request)?.[1];
      if (typeof request === "string") {
        const rb = Buffer.from(request);
        readRequest(rb, 0, rb.length, out);
      }
      const path = first(obj, keys.path)?.[1];
      if (typeof path === "string" && path !== "") {
        const pb = Buffer.from(path);
        readSection(pb, 0, pb.length, out);
      }
      if ((out.keep & KEEP_REFERRER) !== 0) {
        const referrer = first(obj, keys.referrer)?.[1];
        const text = Array.isArray(referrer) ? (referrer[0] as unknown) : referrer;
        out.referrer = typeof text === "string" && text !== "-" ? text : "";
      }
      if ((out.keep & KEEP_AGENT) !== 0) {
        // Caddy keeps each header as a list of values.
        const agent = first(obj, keys.agent)?.[1];
        const text = Array.isArray(agent) ? (agent[0] as unknown) : agent;
        out.agent = typeof text === "string" ? text : "";
      }
      const bytesValue = first(obj, keys.bytes)?.[1];
      const bytes = bytesValue === undefined ? 0 : numberOf(bytesValue);
      if (!Number.isInteger(bytes) || bytes < 0 || bytes > MAX_BYTES) return "bad_bytes";
      out.bytes = bytes;
      const latency = first(obj, keys.latency);
      if (latency !== null && typeof latency[1] !== "number" && typeof latency[1] !== "string") {
        return "bad_latency";
      }
      out.latencyMs =
        latency === null ? NaN : Number.parseFloat(String(latency[1])) * latencyScale(latency[0]);
      if (!saneLatency(out.latencyMs)) return "bad_latency";
      if (name === "json") name = overrides.time === undefined ? serverOf(obj) : "json";
      return null;
    },
  };
}
