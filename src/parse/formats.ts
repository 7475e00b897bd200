import { template, type FieldKind, type Part, type Template } from "./template.js";

const NGINX_FIELDS: Record<string, FieldKind> = {
  remote_addr: "host",
  realip_remote_addr: "host",
  host: "vhost",
  http_host: "vhost",
  server_name: "vhost",
  time_local: "clf_time",
  time_iso8601: "iso_time",
  msec: "epoch_s",
  request: "request",
  request_method: "method",
  request_uri: "target",
  uri: "target",
  document_uri: "target",
  status: "status",
  body_bytes_sent: "bytes",
  bytes_sent: "bytes",
  request_time: "latency_s",
  http_user_agent: "agent",
  http_referer: "referrer",
};

/**
 * The format string out of what was pasted: `log_format main '…' '…';` or just the quoted
 * parts (nginx joins them), or the bare string.
 */
function nginxString(text: string): string {
  const body = text
    .trim()
    .replace(/^log_format\s+\S+(\s+escape=\S+)?\s+/, "")
    .replace(/;\s*$/, "");
  if (!/^['"]/.test(body)) return body;
  const quoted = /\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/y;
  let out = "";
  while (quoted.lastIndex < body.length) {
    const at = quoted.lastIndex;
    const m = quoted.exec(body);
    if (m === null) {
      const rest = body.slice(at).trimStart();
      const where = body.length - rest.length + 1;
      if (/^['"]/.test(rest))
        throw new Error(`unclosed ${rest[0]} at character ${where} of the format`);
      throw new Error(`unexpected text at character ${where} of the format: ${rest.slice(0, 20)}`);
    }
    out += (m[1] ?? m[2] ?? "").replace(/\\(["'\\])/g, "$1");
  }
  return out;
}

/** Compiles an nginx `log_format` string ($remote_addr, ${status}, …); unknown variables are skipped. */
export function compileNginx(text: string): Template {
  const format = nginxString(text);
  const parts: Part[] = [];
  let last = 0;
  for (const m of format.matchAll(/\$\{([A-Za-z0-9_]+)\}|\$([A-Za-z0-9_]+)/g)) {
    parts.push({ text: format.slice(last, m.index) });
    const name = (m[1] ?? m[2]) as string;
    parts.push({
      field: NGINX_FIELDS[name] ?? (name.startsWith("upstream_") ? "opaque_list" : "opaque"),
      source: m[0],
    });
    last = m.index + m[0].length;
  }
  parts.push({ text: format.slice(last) });
  return template(`nginx '${format}'`, parts);
}

const APACHE_FIELDS: Record<string, FieldKind> = {
  h: "host",
  a: "host",
  t: "clf_time_bracketed",
  r: "request",
  m: "method",
  U: "target",
  s: "status",
  b: "bytes",
  B: "bytes",
  D: "latency_us",
  T: "latency_s",
  v: "vhost",
  V: "vhost",
};

function apacheTime(arg: string): FieldKind {
  if (arg === "sec") return "epoch_s";
  if (arg === "msec") return "epoch_ms";
  if (arg === "usec") return "epoch_us";
  const strf = arg.replace(/^(begin|end):/, "");
  if (strf === "%d/%b/%Y:%H:%M:%S %z") return "clf_time";
  if (/^%Y-%m-%d[T ]%H:%M:%S(%z)?$/.test(strf) || strf === "%FT%T%z") return "iso_time";
  return "opaque";
}

function apacheLatency(arg: string): FieldKind {
  if (arg === "ms") return "latency_ms";
  if (arg === "us") return "latency_us";
  return "latency_s";
}

/** Every letter mod_log_config knows after "%": any other is a mistake in the format. */
const APACHE_LETTERS = new Set("aAbBCDefhHikIlLmnoOpPqrRsStTuUvVX");

/** The format string out of `LogFormat "…" nickname`, with `\"` unescaped. */
function apacheString(text: string): string {
  const m = /^\s*LogFormat\s+"((?:[^"\\]|\\.)*)"/.exec(text);
  const body = m?.[1] ?? text.trim().replace(/^"(.*)"$/s, "$1");
  return body.replace(/\\"/g, '"').replace(/\\\\/g, "\\");
}

/**
 * Compiles an Apache `LogFormat` string (%h %t "%r" %>s %b %D %v …): directives logmon has no
 * use for are skipped; a letter Apache does not know is an error naming it.
 */
export function compileApache(text: string): Template {
  const format = apacheString(text);
  const parts: Part[] = [];
  let last = 0;
  for (const m of format.matchAll(/%%|%[<>!,0-9]*(?:\{([^}]*)\})?([A-Za-z])/g)) {
    parts.push({ text: format.slice(last, m.index) });
    last = m.index + m[0].length;
    if (m[0] === "%%") {
      parts.push({ text: "%" });
      continue;
    }
    const [, arg, letter] = m;
    if (!APACHE_LETTERS.has(letter as string)) {
      throw new Error(`unknown directive ${m[0]} at character ${m.index + 1} of the format`);
    }
    let kind: FieldKind = APACHE_FIELDS[letter as string] ?? "opaque";
    if (letter === "t" && arg !== undefined) kind = apacheTime(arg);
    if (letter === "T" && arg !== undefined) kind = apacheLatency(arg);
    if (letter === "i" && arg?.toLowerCase() === "user-agent") kind = "agent";
    if (letter === "i" && arg?.toLowerCase() === "referer") kind = "referrer";
    parts.push({ field: kind, source: m[0] });
  }
  parts.push({ text: format.slice(last) });
  return template(`apache '${format}'`, parts);
}
