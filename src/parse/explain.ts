import { emptyRecord } from "../core/types.js";
import { applyField, endOfField, type FieldKind, type Template } from "./template.js";

/** What each kind of field holds, as a person reading the format would say it. */
const MEANING: Record<FieldKind, string> = {
  host: "a client address",
  vhost: "a virtual host",
  clf_time: "a time like 10/Oct/2000:13:55:36 -0700",
  clf_time_bracketed: "a time like [10/Oct/2000:13:55:36 -0700]",
  iso_time: "an ISO 8601 time",
  epoch_s: "seconds since 1970",
  epoch_ms: "milliseconds since 1970",
  epoch_us: "microseconds since 1970",
  request: 'a request line like "GET / HTTP/1.1"',
  method: "a method",
  target: "a path",
  status: "a status code",
  bytes: "a byte count",
  latency_s: "a duration in seconds",
  latency_ms: "a duration in milliseconds",
  latency_us: "a duration in microseconds",
  agent: "a user agent",
  referrer: "a referring page",
  opaque: "a value",
  opaque_list: "a list of values",
};

/** At most 30 characters of the line from `from`, in quotes (the caller escapes the message). */
function excerpt(b: Buffer, from: number, end: number): string {
  if (from >= end) return "the end of the line";
  const cut = Math.min(end, from + 30);
  return `"${b.toString("utf8", from, cut)}${cut < end ? "…" : ""}"`;
}

/**
 * Where the line b[start, end) departs from the format `t`, said for `logmon check`: the first
 * character at which the format expects something the line does not have. Null if it parses.
 * Walks the line as the template parser does, keeping positions (not on the hot path).
 */
export function explainMismatch(t: Template, b: Buffer, start: number, end: number): string | null {
  const rec = emptyRecord();
  const { items } = t;
  let pos = start;
  const at = (p: number) => `at character ${p - start + 1}`;
  for (let k = 0; k < items.length; k++) {
    const item = items[k];
    if (item === undefined) break;
    if ("literal" in item) {
      const lit = item.literal;
      if (pos + lit.length > end || b.compare(lit, 0, lit.length, pos, pos + lit.length) !== 0) {
        const want = lit.toString("utf8");
        return `${at(pos)} the format expects "${want}", the line has ${excerpt(b, pos, end)}`;
      }
      pos += lit.length;
      continue;
    }
    const next = items[k + 1];
    const fieldEnd = endOfField(item, next, b, pos, end);
    if (
      fieldEnd < 0 &&
      next !== undefined &&
      "literal" in next &&
      item.field !== "clf_time_bracketed"
    ) {
      const want = next.literal.toString("utf8");
      return `after ${item.source} ${at(pos)} the format expects "${want}", which the rest of the line does not have`;
    }
    if (fieldEnd < 0) {
      return `${at(pos)} ${item.source} expects ${MEANING[item.field]}, the line has ${excerpt(b, pos, end)}`;
    }
    if (applyField(item.field, b, pos, fieldEnd, rec) !== null) {
      const more =
        next === undefined && b.indexOf(0x20, pos) >= 0 && b.indexOf(0x20, pos) < end
          ? " (the line goes on after what the format describes)"
          : "";
      return `${at(pos)} ${item.source} expects ${MEANING[item.field]}, the line has ${excerpt(b, pos, fieldEnd)}${more}`;
    }
    pos = fieldEnd;
  }
  return null;
}
