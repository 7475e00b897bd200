import type { SummaryEvent } from "../core/event.js";
import { escapeControl } from "../output/escape.js";
import { count } from "../output/format.js";

/** What an ended run says about how much of its input was an access log at all. */
export interface ParseVerdict {
  /** One line for stderr, or null when most lines parsed. */
  message: string | null;
  /** Nothing parsed although lines were read: the run failed (exit 1). */
  failed: boolean;
}

function hint(source: string, text: string): string {
  const name = source === "-" ? "FILE" : escapeControl(source);
  if (/\.(gz|tgz)$/.test(source) || text.startsWith("\x1f")) {
    return `it looks compressed: logmon --replay <(zcat ${name})`;
  }
  return `logmon check ${name} says which format it looks like; --format gives yours`;
}

/**
 * Whether an input that ended by itself was read as an access log: nothing parsed (a failure)
 * or under half of the lines parsed (a warning), with the first reason and what to try.
 */
export function parseVerdict(s: SummaryEvent): ParseVerdict {
  const lines = s.totals.lines;
  // Lines --filter left out were parsed: they count for the format, not against it.
  const parsed = lines.parsed + (lines.filtered ?? 0);
  const requests = lines.read - lines.directives;
  if (requests === 0 || parsed * 2 >= requests) return { message: null, failed: false };
  const sample = s.error_samples.find((e) => e.reason !== "empty") ?? s.error_samples[0];
  const first =
    sample === undefined
      ? ""
      : ` (first: ${sample.reason} at ${sample.source === "-" ? "stdin" : escapeControl(sample.source)}:${sample.line})`;
  const what =
    parsed === 0
      ? `no line parsed: ${count(requests)} lines read, none in a known access-log format`
      : `only ${count(parsed)} of ${count(requests)} lines parsed`;
  const next = sample === undefined ? "" : `; ${hint(sample.source, sample.text)}`;
  return { message: `${what}${first}${next}`, failed: parsed === 0 };
}
