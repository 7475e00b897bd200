import { parseDuration } from "../core/duration.js";
import { linearFallback } from "../core/regexp.js";
import { totalsLine } from "../core/event.js";
import { isoTime } from "../core/time.js";
import type { InputStatus, LiveView } from "../core/types.js";
import type { Served } from "./served.js";
import type { LinesAnswer } from "./store.js";

/** An answer of the API: a status and a JSON body. */
export interface Answer {
  status: number;
  body: unknown;
}

/** A query the API cannot answer: 400 with a JSON error saying what is wrong. */
export class BadQuery extends Error {}

/** Most lines, reports or alerts one answer carries. */
export const MAX_LIMIT = 10_000;
/** Longest `match` pattern taken. */
const MAX_PATTERN = 200;
/** Longest context asked around an alert, seconds. */
const MAX_CONTEXT_S = 86_400;

/** What the API reads besides what was served. */
export interface ApiSource {
  live(): LiveView;
  inputs(): InputStatus[];
}

// A `match` comes from whoever reaches the server: it must not stall reading by backtracking.
linearFallback();

function limitOf(q: URLSearchParams, fallback: number): number {
  const text = q.get("limit");
  if (text === null) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_LIMIT)
    throw new BadQuery(`limit must be a whole number from 1 to ${MAX_LIMIT}`);
  return n;
}

/** A time parameter: ISO 8601 ("2026-11-21T08:00:00Z") or epoch seconds; null when absent. */
function timeOf(q: URLSearchParams, name: string): number | null {
  const text = q.get(name);
  if (text === null) return null;
  const t = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Date.parse(text) / 1000;
  if (!Number.isFinite(t)) throw new BadQuery(`${name} must be an ISO 8601 time or epoch seconds`);
  return Math.floor(t);
}

function durationOf(q: URLSearchParams, name: string, fallback: number): number {
  const text = q.get(name);
  if (text === null) return fallback;
  const s = parseDuration(text);
  if (s === null || s > MAX_CONTEXT_S)
    throw new BadQuery(`${name} must be a duration like 5m, at most 1d`);
  return s;
}

function patternOf(q: URLSearchParams): RegExp | null {
  const text = q.get("match");
  if (text === null) return null;
  if (text.length > MAX_PATTERN)
    throw new BadQuery(`match is longer than ${MAX_PATTERN} characters`);
  let pattern: RegExp;
  try {
    pattern = new RegExp(text);
  } catch (err) {
    throw new BadQuery(`match is not a regular expression: ${(err as Error).message}`);
  }
  try {
    // eslint-disable-next-line no-invalid-regexp -- V8's linear flag, enabled above
    new RegExp(text, "l");
  } catch {
    throw new BadQuery(
      "match must run in linear time: backreferences and lookarounds are not supported",
    );
  }
  return pattern;
}

/** GET /api/v1/status: the live view. */
function status(served: Served, source: ApiSource): Answer {
  const live = source.live();
  const store = served.store;
  return {
    status: 200,
    body: {
      log_time: live.logTime === null ? null : isoTime(live.logTime),
      rate: live.rate,
      hits: live.hits,
      threshold: live.threshold,
      window_s: live.windowS,
      lateness_s: live.latenessS,
      firing: live.firing.map((f) => ({ rule: f.rule, key: f.key, since: isoTime(f.since) })),
      // Hits of each second of the window, oldest first, ending at log_time.
      series: live.series,
      inputs: source.inputs(),
      totals: totalsLine(live.totals),
      lines_store: {
        lines: store.size,
        bytes: store.bytes,
        max_bytes: store.maxBytes,
        max_age_s: store.maxAgeS,
      },
    },
  };
}

/** GET /api/v1/lines: recent raw lines, the newest `limit` of those asked. */
async function lines(served: Served, q: URLSearchParams): Promise<Answer> {
  const from = timeOf(q, "from") ?? -Infinity;
  const to = timeOf(q, "to") ?? Infinity;
  const answer = await served.lines(from, to, patternOf(q), limitOf(q, 1000), true);
  return { status: 200, body: withIsoTimes(answer) };
}

/** A store's answer with ISO times, as the API gives it. */
function withIsoTimes(a: LinesAnswer) {
  return {
    lines: a.lines.map((l) => ({ time: isoTime(l.time), input: l.input, line: l.line })),
    truncated: a.truncated,
    oldest: a.oldest === null ? null : isoTime(a.oldest),
    // Lines of the range their file no longer holds (truncated and written again): left out.
    ...(a.gone > 0 ? { gone: a.gone } : {}),
  };
}

/** GET /api/v1/alerts/{id}/context: the lines and reports of the minutes around an alert. */
async function context(served: Served, id: string, q: URLSearchParams): Promise<Answer> {
  const alert = served.alerts.find((a) => a.id === id && a.type === "alert");
  if (alert === undefined) return { status: 404, body: { error: `no alert ${id} in the history` } };
  const at = Date.parse(alert.time) / 1000;
  const from = at - durationOf(q, "before", 300);
  const to = at + durationOf(q, "after", 60);
  const answer = await served.lines(from, to, patternOf(q), limitOf(q, MAX_LIMIT), false);
  const reports = served.reportsBetween(from, to, MAX_LIMIT);
  return {
    status: 200,
    body: {
      alert,
      from: isoTime(from),
      to: isoTime(to),
      // Not when the store no longer reaches back to `from`, or a file lost some of the lines.
      complete: answer.oldest !== null && answer.oldest <= from && answer.gone === 0,
      ...withIsoTimes(answer),
      reports,
    },
  };
}

/** Answers GET `path` (under /api/v1/) with `query`; null when no such endpoint. */
export function apiAnswer(
  served: Served,
  source: ApiSource,
  path: string,
  q: URLSearchParams,
): Answer | Promise<Answer> | null {
  if (path === "status") return status(served, source);
  if (path === "lines") return lines(served, q);
  if (path === "alerts") {
    const limit = limitOf(q, 100);
    return { status: 200, body: { alerts: served.alerts.slice(-limit).reverse() } };
  }
  if (path === "reports") {
    const since = timeOf(q, "since");
    const limit = limitOf(q, 100);
    return {
      status: 200,
      body: { reports: served.reportsBetween(since ?? -Infinity, Infinity, limit) },
    };
  }
  const m = /^alerts\/([^/]+)\/context$/.exec(path);
  if (m !== null) {
    let id: string;
    try {
      id = decodeURIComponent(m[1] as string);
    } catch {
      throw new BadQuery("the alert id is not URL-encoded text");
    }
    return context(served, id, q);
  }
  return null;
}
