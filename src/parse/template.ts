import { KEEP_AGENT, KEEP_REFERRER, type LogRecord, type ParseErrorReason } from "../core/types.js";
import { readRequest } from "./clf.js";
import {
  parseBytes,
  parseDecimal,
  parseIsoTime,
  parseStatus,
  saneLatency,
  saneTime,
} from "./fields.js";
import { resetRecord, type LineParser, type ParseResult } from "./parser.js";
import { readSection } from "./section.js";
import { CLF_BODY_LENGTH, parseClfTimeBody } from "./timestamp.js";

/** What a field of a log format means to logmon; "opaque" fields are skipped. */
export type FieldKind =
  | "host"
  | "vhost"
  | "clf_time"
  | "clf_time_bracketed"
  | "iso_time"
  | "epoch_s"
  | "epoch_ms"
  | "epoch_us"
  | "request"
  | "method"
  | "target"
  | "status"
  | "bytes"
  | "latency_s"
  | "latency_ms"
  | "latency_us"
  | "agent"
  | "referrer"
  | "opaque"
  | "opaque_list";

/** One piece of a compiled format: text that must be there, or a field read up to the next text. */
export type Item = { literal: Buffer } | FieldItem;

/** A field of a compiled format: what it means, whether it sits in quotes, how the format wrote it. */
export interface FieldItem {
  field: FieldKind;
  quoted: boolean;
  source: string;
}

/** A log format compiled once: the matcher every line of the input goes through. */
export interface Template {
  name: string;
  items: Item[];
}

const TIME_KINDS = new Set<FieldKind>([
  "clf_time",
  "clf_time_bracketed",
  "iso_time",
  "epoch_s",
  "epoch_ms",
  "epoch_us",
]);

/** A piece of a format string as its compiler reads it. */
export type Part = { text: string } | { field: FieldKind; source: string };

/** Builds a template from literal text and fields, merging adjacent fields ("%U%q") into the first. */
export function template(name: string, parts: Part[]): Template {
  const items: Item[] = [];
  for (const part of parts) {
    const last = items[items.length - 1];
    if ("field" in part) {
      if (last !== undefined && "field" in last) continue;
      const quoted =
        last !== undefined && "literal" in last && last.literal[last.literal.length - 1] === 0x22;
      items.push({ field: part.field, quoted, source: part.source });
    } else if (part.text !== "") {
      const text = Buffer.from(part.text);
      if (last !== undefined && "literal" in last)
        last.literal = Buffer.concat([last.literal, text]);
      else items.push({ literal: text });
    }
  }
  if (!items.some((i) => "field" in i && TIME_KINDS.has(i.field))) {
    throw new Error("the format has no time field logmon can read");
  }
  return { name, items };
}

/** Whether position i is inside an nginx list value ("0.010, 0.002", "0.1 : 0.2"). */
function insideList(b: Buffer, i: number, end: number): boolean {
  return (
    b[i] === 0x20 && (b[i - 1] === 0x2c || b[i - 1] === 0x3a || (i + 1 < end && b[i + 1] === 0x3a))
  );
}

/**
 * Where `literal` next starts in b[from, end), skipping backslash escapes when `quoted` and the
 * separators of a list value when `list`; -1 if nowhere.
 */
function find(
  b: Buffer,
  literal: Buffer,
  from: number,
  end: number,
  quoted: boolean,
  list = false,
): number {
  const first = literal[0] as number;
  for (let i = from; i + literal.length <= end; i++) {
    const c = b[i];
    if (quoted && c === 0x5c) {
      i++;
      continue;
    }
    if (c !== first || (list && insideList(b, i, end))) continue;
    let k = 1;
    while (k < literal.length && b[i + k] === literal[k]) k++;
    if (k === literal.length) return i;
  }
  return -1;
}

const CLOSE_BRACKET = Buffer.from("]");

const EPOCH_UNIT: Partial<Record<FieldKind, number>> = {
  epoch_s: 1,
  epoch_ms: 1e-3,
  epoch_us: 1e-6,
};
const LATENCY_MS: Partial<Record<FieldKind, number>> = {
  latency_s: 1000,
  latency_ms: 1,
  latency_us: 1e-3,
};

/** Sets what field `kind` in b[s, e) means on the record; the reason when it cannot. */
export function applyField(
  kind: FieldKind,
  b: Buffer,
  s: number,
  e: number,
  out: LogRecord,
): ParseErrorReason | null {
  switch (kind) {
    case "host":
      out.host = b.toString("latin1", s, e);
      return null;
    case "vhost":
      out.vhost = e - s === 1 && b[s] === 0x2d ? "" : b.toString("latin1", s, e);
      return null;
    case "clf_time":
    case "clf_time_bracketed": {
      const body = kind === "clf_time" ? s : s + 1;
      const t = e - body >= CLF_BODY_LENGTH ? parseClfTimeBody(b, body) : NaN;
      if (!saneTime(t)) return "bad_timestamp";
      out.time = t;
      return null;
    }
    case "iso_time": {
      const t = parseIsoTime(b, s, e);
      if (!saneTime(t)) return "bad_timestamp";
      out.time = t;
      return null;
    }
    case "epoch_s":
    case "epoch_ms":
    case "epoch_us": {
      const t = Math.floor(parseDecimal(b, s, e) * (EPOCH_UNIT[kind] as number));
      if (!saneTime(t)) return "bad_timestamp";
      out.time = t;
      return null;
    }
    case "request":
      readRequest(b, s, e, out);
      return null;
    case "method":
      out.method = b.toString("latin1", s, e);
      return null;
    case "target":
      if (e > s && !(e - s === 1 && b[s] === 0x2d)) readSection(b, s, e, out);
      return null;
    case "status": {
      const status = parseStatus(b, s, e);
      if (status < 0) return "bad_status";
      out.status = status;
      return null;
    }
    case "bytes": {
      const bytes = parseBytes(b, s, e);
      if (bytes < 0) return "bad_bytes";
      out.bytes = bytes;
      return null;
    }
    case "latency_s":
    case "latency_ms":
    case "latency_us":
      out.latencyMs = parseDecimal(b, s, e) * (LATENCY_MS[kind] as number);
      return saneLatency(out.latencyMs) ? null : "bad_latency";
    case "agent":
      if ((out.keep & KEEP_AGENT) !== 0) {
        out.agent =
          e - s === 1 && b[s] === 0x2d ? "" : b.toString("utf8", s, e).replace(/\\"/g, '"');
      }
      return null;
    case "referrer":
      if ((out.keep & KEEP_REFERRER) !== 0) {
        out.referrer =
          e - s === 1 && b[s] === 0x2d ? "" : b.toString("utf8", s, e).replace(/\\"/g, '"');
      }
      return null;
    case "opaque":
    case "opaque_list":
      return null;
  }
}

/**
 * Where the field `item` starting at `pos` ends: after its closing bracket (a bracketed time),
 * where the next literal starts, or at the line's end when it is the last item; -1 when the
 * bracket or the literal is not there.
 */
export function endOfField(
  item: FieldItem,
  next: Item | undefined,
  b: Buffer,
  pos: number,
  end: number,
): number {
  if (item.field === "clf_time_bracketed") {
    const close = b[pos] === 0x5b ? find(b, CLOSE_BRACKET, pos, end, false) : -1;
    return close < 0 ? -1 : close + 1;
  }
  if (next !== undefined && "literal" in next) {
    return find(b, next.literal, pos, end, item.quoted, item.field === "opaque_list");
  }
  return end;
}

/** The parser of a compiled format: walks the line once, item by item, without regexes. */
export function templateParser(t: Template): LineParser {
  const { items } = t;
  return {
    name: t.name,
    parse(b: Buffer, start: number, end: number, out: LogRecord): ParseResult {
      if (start >= end) return "empty";
      resetRecord(out);
      let pos = start;
      for (let k = 0; k < items.length; k++) {
        const item = items[k] as Item;
        if ("literal" in item) {
          const lit = item.literal;
          if (pos + lit.length > end) return "bad_field";
          for (let i = 0; i < lit.length; i++) if (b[pos + i] !== lit[i]) return "bad_field";
          pos += lit.length;
          continue;
        }
        const fieldEnd = endOfField(item, items[k + 1], b, pos, end);
        if (fieldEnd < 0)
          return item.field === "clf_time_bracketed" ? "bad_timestamp" : "bad_field";
        const reason = applyField(item.field, b, pos, fieldEnd, out);
        if (reason !== null) return reason;
        pos = fieldEnd;
      }
      return null;
    },
  };
}
