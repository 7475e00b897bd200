import type { LogRecord } from "../core/types.js";
import { compileApache, compileNginx } from "./formats.js";
import { jsonParser, type JsonField } from "./jsonl.js";
import { clfParser, type LineParser, type ParseResult } from "./parser.js";
import { explainMismatch } from "./explain.js";
import { templateParser } from "./template.js";
import { isFieldsLine, isW3cDirective, w3cParser } from "./w3c.js";

/** Names --format takes besides a pasted nginx or Apache format string. */
export const FORMAT_NAMES: Record<string, string> = {
  auto: "detect from the lines (the default)",
  clf: "Common or Combined Log Format, with or without a vhost prefix",
  common: "Common Log Format",
  combined: "Combined Log Format (nginx and Apache default)",
  vhost_combined: "Combined with a virtual-host prefix",
  nginx: "nginx's default (combined)",
  apache: "Apache's combined",
  w3c: "W3C Extended (#Fields)",
  iis: "IIS (W3C Extended)",
  json: "JSON lines (nginx escape=json, Caddy, Traefik)",
  caddy: "Caddy's JSON access log",
  traefik: "Traefik's JSON access log",
};

/**
 * Auto-detection per input stream: each line is tried as W3C (a "#Fields:", "#Software:"…
 * directive; other "#" lines are no sign of W3C), JSON (a "{")
 * and Common/Combined until one format reads a line; then that format is kept. A later
 * "#Fields:" header switches to W3C. Lines before the first match are "no_format", never fatal.
 */
export function autoParser(jsonFields: Partial<Record<JsonField, string>> = {}): LineParser {
  const w3c = w3cParser();
  const json = jsonParser(jsonFields);
  const clf = clfParser();
  let chosen: LineParser | null = null;
  return {
    get name() {
      return chosen === null ? "auto" : chosen.name;
    },
    parse(b: Buffer, start: number, end: number, out: LogRecord): ParseResult {
      if (
        chosen !== null &&
        chosen !== w3c &&
        (b[start] !== 0x23 || !isFieldsLine(b, start, end))
      ) {
        return chosen.parse(b, start, end, out);
      }
      if (b[start] === 0x23 && (chosen === w3c || isW3cDirective(b, start, end))) {
        const result = w3c.parse(b, start, end, out);
        if (w3c.hasFields) chosen = w3c;
        return result;
      }
      if (chosen === w3c) return w3c.parse(b, start, end, out);
      if (start >= end) return "empty";
      for (const candidate of b[start] === 0x7b ? [json, clf] : [clf, json]) {
        const result = candidate.parse(b, start, end, out);
        if (result === null) {
          chosen = candidate;
          return null;
        }
        // A JSON object without a time: said so, and read when a time is given with it (syslog).
        if (candidate === json && result === "no_timestamp") return result;
      }
      return "no_format";
    },
  };
}

/**
 * What makes the parser of each input stream, from --format: a name (see FORMAT_NAMES), an
 * nginx log_format string (has "$"), or an Apache LogFormat string (has "%"). Throws with a
 * one-line reason for anything else.
 */
export function parserFactory(
  spec: string,
  jsonFields: Partial<Record<JsonField, string>> = {},
): () => LineParser {
  const name = spec.trim().toLowerCase();
  if (name === "auto") return () => autoParser(jsonFields);
  if (["clf", "common", "combined", "vhost_combined", "nginx", "apache"].includes(name))
    return clfParser;
  if (name === "w3c" || name === "iis") return w3cParser;
  if (["json", "caddy", "traefik"].includes(name)) return () => jsonParser(jsonFields);
  if (spec.includes("$") || spec.includes("%")) {
    const t = spec.includes("$") ? compileNginx(spec) : compileApache(spec);
    return () => ({
      ...templateParser(t),
      explain: (b, start, end) => explainMismatch(t, b, start, end),
    });
  }
  throw new Error(
    `unknown format "${spec}": use one of ${Object.keys(FORMAT_NAMES).join(", ")}, or paste an nginx log_format or Apache LogFormat string`,
  );
}
