import { formatDuration } from "../core/duration.js";
import { isoTime } from "../core/time.js";
import type { ParseErrorReason } from "../core/types.js";
import { parsingSink } from "../ingest/sink.js";
import { escapeControl } from "../output/escape.js";
import { count, percent, readableTime } from "../output/format.js";
import type { LineParser } from "../parse/parser.js";
import { readFileInto } from "../source/read.js";

/** Lines read from each file unless --all. */
export const CHECK_SAMPLE_LINES = 10_000;
/** Share of (non-directive) lines that must parse for a file to pass. */
export const CHECK_PASS_SHARE = 0.99;

/** What `logmon check` found in one file. */
export interface CheckResult {
  file: string;
  format: string;
  lines: number;
  directives: number;
  parsed: number;
  share: number;
  ok: boolean;
  first: string | null;
  last: string | null;
  /** Parsed lines stamped more than a day outside the span (broken clocks), left out of it. */
  outliers: number;
  errors: { reason: ParseErrorReason; count: number; line: number; example: string }[];
  /** The first lines, when nothing parsed: what the file looks like. */
  head: string[];
  /** When a given format does not pass: where the first unparsed line departs from it. */
  mismatch: string | null;
}

/** A line as check shows it: escaped, at most 160 characters. */
function shown(text: string): string {
  return escapeControl(text.slice(0, 160));
}

/** The example of an unparsed line (its text is empty for an empty or oversize line). */
function example(reason: ParseErrorReason, text: string): string {
  if (reason === "oversize") return "(over 64 KiB)";
  return text === "" ? "(empty line)" : shown(text);
}

/** Which Common/Combined variant a line that parsed as CLF is. */
function clfVariant(line: string, vhost: string): string {
  const combined = /" \d{3} (\d+|-) "/.test(line);
  if (vhost !== "") return combined ? "vhost_combined" : "vhost_common";
  return combined ? "combined" : "common";
}

/** The span of the times, leaving out the few (under 1 %) stamped more than a day away. */
function robustSpan(times: number[]): { first: number; last: number; outliers: number } | null {
  if (times.length === 0) return null;
  const sorted = [...times].sort((a, b) => a - b);
  const lo = sorted[Math.floor(sorted.length * 0.005)] as number;
  const hi = sorted[Math.ceil(sorted.length * 0.995) - 1] as number;
  const inside = sorted.filter((t) => t >= lo - 86400 && t <= hi + 86400);
  return {
    first: inside[0] as number,
    last: inside[inside.length - 1] as number,
    outliers: sorted.length - inside.length,
  };
}

/** Where the first unparsed line departs from a given format, when the file does not pass. */
function mismatch(
  parser: LineParser,
  failed: { line: number; text: Buffer } | null,
  ok: boolean,
): string | null {
  if (ok || failed === null || parser.explain === undefined) return null;
  const why = parser.explain(failed.text, 0, failed.text.length);
  return why === null ? null : `line ${failed.line}: ${escapeControl(why)}`;
}

/** Reads `file` (its first CHECK_SAMPLE_LINES lines, or all) through a fresh parser, as a run would. */
export async function checkFile(
  file: string,
  parser: LineParser,
  all: boolean,
): Promise<CheckResult> {
  const errors = new Map<ParseErrorReason, { count: number; line: number; example: string }>();
  const head: string[] = [];
  const times: number[] = [];
  let variant = "";
  let lines = 0;
  let directives = 0;
  // The line being parsed (the record does not keep its text; the variant is read from it).
  let lineBuf: Buffer = Buffer.alloc(0);
  let lineStart = 0;
  let lineEnd = 0;
  // The first line that did not parse (kept in a holder: the sink's callbacks set it).
  const first: { failed: { line: number; text: Buffer } | null } = { failed: null };
  const limit = all ? Infinity : CHECK_SAMPLE_LINES;
  const sink = parsingSink(
    file,
    parser,
    {
      record: (rec) => {
        if (lines > limit) return;
        times.push(rec.time);
        if (variant !== "") return;
        variant = clfVariant(lineBuf.toString("latin1", lineStart, lineEnd), rec.vhost);
      },
      directive: () => {
        if (lines <= limit) directives++;
      },
      invalid: (reason, sample) => {
        if (lines > limit) return;
        const e = errors.get(reason) ?? {
          count: 0,
          line: lines,
          example: example(reason, sample().text),
        };
        e.count++;
        errors.set(reason, e);
        if (first.failed === null && reason !== "empty" && reason !== "oversize") {
          first.failed = { line: lines, text: Buffer.from(lineBuf.subarray(lineStart, lineEnd)) };
        }
      },
      droppedNul: () => undefined,
    },
    (buf, start, end) => {
      lines++;
      lineBuf = buf;
      lineStart = start;
      lineEnd = end;
      if (head.length < 3) head.push(shown(buf.toString("utf8", start, end)));
    },
  );
  await readFileInto(file, sink, () => lines < limit);
  lines = Math.min(lines, limit);
  const parsed = times.length;
  const requests = lines - directives;
  const share = requests === 0 ? 0 : parsed / requests;
  const span = robustSpan(times);
  const isClf = parser.name === "clf" || parser.name === "auto";
  return {
    file,
    format: isClf && variant !== "" ? variant : parser.name,
    lines,
    directives,
    parsed,
    share,
    ok: requests > 0 && share >= CHECK_PASS_SHARE,
    first: span === null ? null : isoTime(span.first),
    last: span === null ? null : isoTime(span.last),
    outliers: span?.outliers ?? 0,
    errors: [...errors].map(([reason, e]) => ({ reason, ...e })).sort((a, b) => b.count - a.count),
    head: parsed === 0 ? head : [],
    mismatch: mismatch(parser, first.failed, requests > 0 && share >= CHECK_PASS_SHARE),
  };
}

/** The human account of one file's check. */
export function checkText(r: CheckResult): string {
  const given = r.format !== "auto";
  const none = given ? `${r.format}: reads none of it` : "no format recognised";
  const out = [`${r.file}: ${r.parsed > 0 ? r.format : none}`];
  const requests = r.lines - r.directives;
  const dirs = r.directives > 0 ? ` (+${count(r.directives)} directive lines)` : "";
  out.push(
    `  ${count(r.parsed)} of ${count(requests)} lines parsed (${percent(r.parsed, requests)})${dirs}`,
  );
  if (r.first !== null && r.last !== null) {
    const span = formatDuration((Date.parse(r.last) - Date.parse(r.first)) / 1000);
    const skew = r.outliers > 0 ? `; ${count(r.outliers)} stamped far outside it (clock skew)` : "";
    out.push(`  time span ${readableTime(r.first)} → ${readableTime(r.last)} (${span})${skew}`);
  }
  for (const e of r.errors.slice(0, 5)) {
    out.push(`  ${e.reason} ${count(e.count)}, e.g. line ${e.line}: ${e.example}`);
  }
  if (r.head.length > 0) {
    out.push("  the first lines look like:");
    for (const line of r.head) out.push(`    ${line}`);
  }
  if (r.mismatch !== null) out.push(`  ${r.mismatch}`);
  else if (r.head.length > 0 && !given) {
    out.push(
      "  not Common/Combined, W3C or JSON: give your server's format, e.g. " +
        `--format '$remote_addr [$time_local] "$request" $status'`,
    );
  }
  if (requests === 0) out.push("  no log lines in the sample");
  const verdict = r.ok ? "OK: at least" : "NOT OK: less than";
  out.push(`  ${verdict} ${CHECK_PASS_SHARE * 100} % of lines parse`);
  return `${out.join("\n")}\n`;
}
