import type { RunRow } from "../core/run.js";
import type { KeyStats, LogRecord } from "../core/types.js";
import type { KeyTable, TableState } from "./keytable.js";
import type { TimelineState } from "./timeline.js";

// The pieces of RunStats (run.ts) that need none of its state: helpers and what crosses threads.

// The parts of the count, which two threads may share (RunStats.lend).
/** What only the line's text gives: referrers, agents (and the agent's hash). */
export const LINES = 1;
/** What the counted fields give: sections, hosts, status, time, visitors (host, agent's hash). */
export const COUNTS = 2;
/** Full paths: all, 404s, by error class (their bytes cross the threads with each record). */
export const PATHS = 4;
/** Every part: one thread counts everything. */
export const ALL = LINES | COUNTS | PATHS;
/** The lists of the LINES part, as a RunLine names them. */
export const LINE_LISTS = ["referrers", "browsers", "systems", "crawlers"] as const;

/** The whole run's counts as plain data (RunStats.state), to carry them to another thread. */
export interface RunState {
  /** RunStats.tables' order; null for a table of a part left out. */
  tables: (TableState | null)[];
  /** Browsers, systems, crawlers (empty when the LINES part is left out). */
  families: [string, number][][];
  /** The COUNTS part, or null when left out. */
  counts: {
    codes: Float64Array;
    status: [string, number][];
    hours: number[];
    /** Day, hits, the visitors sketch's registers. */
    days: [number, number, Uint8Array][];
    timeline: TimelineState;
  } | null;
}

/** The buffers of `state` that can move to another thread rather than be copied (its filters). */
export function movable(state: RunState): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const t of state.tables) if (t?.filter != null) buffers.push(t.filter.buffer as ArrayBuffer);
  return buffers;
}

/** How a RunStats reaches the thread it lent the counting to. */
export interface LendHooks {
  /** Send a snapshot of `top` rows per list when you can. */
  ask(top: number): void;
  /** Start again from nothing (R). */
  reset(): void;
}

/** A table's `n` first rows as the run's lists give them. */
export function rows(table: KeyTable, n: number): RunRow[] {
  return table.top(n, false).hits.map((s: KeyStats) => ({
    key: s.key,
    hits: s.hits,
    ...(s.error > 0 ? { hits_error: s.error } : {}),
  }));
}

/** Requests by status code, in code order: three-digit codes by index of `codes`, others in `other`. */
export function statusCounts(
  codes: Float64Array,
  other: Map<string, number>,
): Record<string, number> {
  const counts: [number, number][] = [...other].map(([k, n]) => [Number(k), n]);
  codes.forEach((n, code) => {
    if (n > 0) counts.push([code, n]);
  });
  return Object.fromEntries(counts.sort((a, b) => a[0] - b[0]));
}

/** Adds `n` to `key` of a counting map. */
export function bumpBy(map: Map<string, number>, key: string, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

/** The `n` busiest keys of a counting map (exact: these maps hold a few family names). */
export function mapRows(map: Map<string, number>, n: number): RunRow[] {
  return [...map]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([key, hits]) => ({ key, hits }));
}

/** Counts a key in a table (class and bytes are not kept run-wide); `hint` as KeyTable.add's. */
export function add(table: KeyTable, key: string, hint = -1): void {
  table.add(key, hint, -1, 0, NaN);
}

/** Counts a request's full path in `table`: `path` when decoded, else the record's bytes of it. */
export function countPath(table: KeyTable, rec: LogRecord, path: string | null): void {
  if (path === null) table.countBytes(rec.pathBytes, rec.pathStart, rec.pathEnd, rec.pathHash);
  else table.count(path, -1);
}

/** A request's full path (with its query when kept), its section when it has none. */
export function pathOf(rec: LogRecord): string {
  if (rec.path !== "") return rec.path + rec.query;
  if (rec.pathEnd < 0) return rec.section;
  return rec.pathBytes.toString("utf8", rec.pathStart, rec.pathEnd) + rec.query;
}

/** The host of a referrer URL ("https://news.example.com/x" → "news.example.com"), or "". */
export function referrerHost(referrer: string): string {
  const scheme = referrer.indexOf("://");
  if (scheme < 0) return "";
  const start = scheme + 3;
  let end = start;
  while (end < referrer.length && !"/?#:".includes(referrer[end] as string)) end++;
  return referrer.slice(start, end).toLowerCase();
}
