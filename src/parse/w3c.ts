import { KEEP_AGENT, KEEP_QUERY, KEEP_REFERRER, type LogRecord } from "../core/types.js";
import { parseDecimal, saneLatency, saneTime } from "./fields.js";
import { DIRECTIVE, resetRecord, type LineParser, type ParseResult } from "./parser.js";
import { applyField, type FieldKind } from "./template.js";
import { daysFromCivil, digits } from "./timestamp.js";

type Column = FieldKind | "w3c_date" | "w3c_time" | "time_taken" | "w3c_query";

const COLUMNS: Record<string, Column> = {
  date: "w3c_date",
  time: "w3c_time",
  "c-ip": "host",
  "cs-method": "method",
  "cs(user-agent)": "agent",
  "cs(referer)": "referrer",
  "cs-uri-query": "w3c_query",
  "cs-uri-stem": "target",
  "cs-uri": "target",
  "sc-status": "status",
  "sc-bytes": "bytes",
  "time-taken": "time_taken",
  "cs-host": "vhost",
  "cs(host)": "vhost",
};

const FIELDS_DIRECTIVE = Buffer.from("#Fields:");

/** Whether b[start, end) is a "#Fields:" directive. */
export function isFieldsLine(b: Buffer, start: number, end: number): boolean {
  return (
    end - start >= FIELDS_DIRECTIVE.length &&
    b.compare(FIELDS_DIRECTIVE, 0, 8, start, start + 8) === 0
  );
}

/** The directives a W3C Extended log may hold (IIS writes the first four). */
const W3C_DIRECTIVE = /^#(Fields|Software|Version|Date|Remark|Start-Date|End-Date):/;

/** Whether b[start, end) is one of the W3C directives: other "#" lines are not a W3C sign. */
export function isW3cDirective(b: Buffer, start: number, end: number): boolean {
  return W3C_DIRECTIVE.test(b.toString("latin1", start, Math.min(end, start + 12)));
}

/**
 * W3C Extended Log File Format (IIS and others): "#" directives, fields named by the newest
 * "#Fields:" (which may change mid-file, after a restart), space-separated values, "-" for
 * empty, date and time in UTC. time-taken is read as milliseconds (IIS), or seconds when it has
 * a decimal point.
 */
export function w3cParser(): LineParser & { readonly hasFields: boolean } {
  let columns: Column[] | null = null;
  return {
    name: "w3c",
    get hasFields() {
      return columns !== null;
    },
    parse(b: Buffer, start: number, end: number, out: LogRecord): ParseResult {
      if (start >= end) return "empty";
      if (b[start] === 0x23) {
        if (isFieldsLine(b, start, end)) {
          const names = b
            .toString("latin1", start + 8, end)
            .trim()
            .split(/\s+/);
          columns = names.map((n) => COLUMNS[n.toLowerCase()] ?? "opaque");
        }
        return DIRECTIVE;
      }
      if (columns === null) return "no_fields";
      resetRecord(out);
      let day = NaN;
      let seconds = NaN;
      let pos = start;
      for (const column of columns) {
        if (pos > end) return "bad_field";
        let next = pos;
        while (next < end && b[next] !== 0x20) next++;
        if (column === "w3c_date") {
          const y = digits(b, pos, 4);
          const m = digits(b, pos + 5, 2);
          const d = digits(b, pos + 8, 2);
          if (next - pos !== 10 || y < 0 || m < 1 || m > 12 || d < 1 || d > 31)
            return "bad_timestamp";
          day = daysFromCivil(y, m, d);
        } else if (column === "w3c_time") {
          const h = digits(b, pos, 2);
          const mi = digits(b, pos + 3, 2);
          const s = digits(b, pos + 6, 2);
          if (next - pos < 8 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60)
            return "bad_timestamp";
          seconds = h * 3600 + mi * 60 + s;
        } else if (column === "time_taken") {
          const v = parseDecimal(b, pos, next);
          out.latencyMs = b.subarray(pos, next).includes(0x2e) ? v * 1000 : v;
          if (!saneLatency(out.latencyMs)) return "bad_latency";
        } else if (column === "agent") {
          // W3C writes the agent's spaces as "+".
          if ((out.keep & KEEP_AGENT) !== 0 && !(next - pos === 1 && b[pos] === 0x2d)) {
            out.agent = b.toString("utf8", pos, next).replace(/\+/g, " ");
          }
        } else if (column === "w3c_query") {
          if ((out.keep & KEEP_QUERY) !== 0 && !(next - pos === 1 && b[pos] === 0x2d)) {
            out.query = `?${b.toString("utf8", pos, next)}`;
          }
        } else if (column === "referrer") {
          if ((out.keep & KEEP_REFERRER) !== 0 && !(next - pos === 1 && b[pos] === 0x2d)) {
            out.referrer = b.toString("utf8", pos, next);
          }
        } else if (!(next - pos === 1 && b[pos] === 0x2d) || column === "status") {
          const reason = applyField(column, b, pos, next, out);
          if (reason !== null) return reason;
        }
        pos = next + 1;
      }
      const t = day * 86400 + seconds;
      if (!saneTime(t)) return "bad_timestamp";
      out.time = t;
      return null;
    },
  };
}
