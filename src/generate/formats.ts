import { MONTH_NAMES } from "../parse/timestamp.js";
import type { Request } from "./content.js";

/** The log formats the generator writes. */
export type GenerateFormat = "common" | "combined" | "w3c" | "json";

/** Every format, for option checking. */
export const GENERATE_FORMATS: readonly GenerateFormat[] = ["common", "combined", "w3c", "json"];

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A CLF timestamp in UTC for epoch seconds: "21/Nov/2026:08:00:00 +0000". */
export function formatClfTime(epoch: number): string {
  const d = new Date(epoch * 1000);
  return `${pad(d.getUTCDate())}/${MONTH_NAMES[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

function quoted(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}

function w3cField(text: string): string {
  return text === "" ? "-" : text.replace(/ /g, "+");
}

/** Lines written once at the top of a file in `format` (the W3C directives). */
export function formatHeader(format: GenerateFormat, startEpoch: number): string {
  if (format !== "w3c") return "";
  const d = new Date(startEpoch * 1000).toISOString();
  return (
    "#Software: logmon generate\n#Version: 1.0\n" +
    `#Date: ${d.slice(0, 10)} ${d.slice(11, 19)}\n` +
    "#Fields: date time c-ip cs-method cs-uri-stem cs-uri-query sc-status sc-bytes time-taken cs(User-Agent) cs(Referer)\n"
  );
}

/** One request as a line (without newline) in `format`. */
export function formatLine(req: Request, format: GenerateFormat): string {
  const bytes = req.bytes === null ? "-" : String(req.bytes);
  const request = `${req.method} ${req.target} HTTP/1.1`;
  switch (format) {
    case "common":
      return `${req.host} - - [${formatClfTime(req.time)}] "${quoted(request)}" ${req.status} ${bytes}`;
    case "combined":
      return (
        `${req.host} - - [${formatClfTime(req.time)}] "${quoted(request)}" ${req.status} ${bytes} ` +
        `"${quoted(req.referer)}" "${quoted(req.userAgent)}"`
      );
    case "w3c": {
      const iso = new Date(req.time * 1000).toISOString();
      const [stem, query = "-"] = req.target.split("?");
      return [
        iso.slice(0, 10),
        iso.slice(11, 19),
        req.host,
        req.method,
        stem,
        query,
        req.status,
        req.bytes ?? 0,
        req.timeTakenMs,
        w3cField(req.userAgent),
        w3cField(req.referer),
      ].join(" ");
    }
    case "json":
      return JSON.stringify({
        time_iso8601: new Date(req.time * 1000).toISOString().replace(".000Z", "+00:00"),
        remote_addr: req.host,
        request_method: req.method,
        request_uri: req.target,
        status: req.status,
        body_bytes_sent: req.bytes ?? 0,
        http_referer: req.referer,
        http_user_agent: req.userAgent,
        request_time: req.timeTakenMs / 1000,
      });
  }
}
