import type { RunLine, RunRow } from "../core/run.js";
import type { KeyStats, LogRecord } from "../core/types.js";
import { KEEP_AGENT, KEEP_PATH, KEEP_REFERRER } from "../core/types.js";
import { AgentClassifier } from "./agents.js";
import { classOf } from "./counts.js";
import { HLL_STANDARD_ERROR, HyperLogLog, pairHash } from "./hll.js";
import { KeyTable } from "./keytable.js";

/** Rows of each run-wide table: beyond, Space-Saving (hits_error) keeps memory flat. */
const CAPACITY = 2000;
/** Days with their own visitor sketch (4 KiB each); older ones are merged into none and dropped. */
const MAX_DAYS = 400;
const DAY_S = 86_400;

function rows(table: KeyTable, n: number): RunRow[] {
  return table.top(n, false).hits.map((s: KeyStats) => ({
    key: s.key,
    hits: s.hits,
    ...(s.error > 0 ? { hits_error: s.error } : {}),
  }));
}

/** Counts a key in a table (class and bytes are not kept run-wide); `hint` as KeyTable.add's. */
function add(table: KeyTable, key: string, hint = -1): void {
  table.add(key, hint, -1, 0, NaN);
}

/** The host of a referrer URL ("https://news.example.com/x" → "news.example.com"), or "". */
function referrerHost(referrer: string): string {
  const scheme = referrer.indexOf("://");
  if (scheme < 0) return "";
  const start = scheme + 3;
  let end = start;
  while (end < referrer.length && !"/?#:".includes(referrer[end] as string)) end++;
  return referrer.slice(start, end).toLowerCase();
}

/**
 * What GoAccess, ngxtop and apachetop users ask of a whole log, counted in one pass in bounded
 * memory: top full paths, sections, 404s, paths by error class, client hosts, external
 * referrers, browser / OS / crawler families, status codes, requests by hour of day and by day,
 * and unique visitors per day (HyperLogLog over host + agent).
 */
export class RunStats {
  /** The record fields it reads beyond the usual ones. */
  static readonly keep = KEEP_PATH | KEEP_AGENT | KEEP_REFERRER;
  private readonly paths = new KeyTable(CAPACITY);
  private readonly sections = new KeyTable(CAPACITY);
  private readonly notFound = new KeyTable(CAPACITY);
  private readonly paths4xx = new KeyTable(CAPACITY);
  private readonly paths5xx = new KeyTable(CAPACITY);
  private readonly hosts = new KeyTable(CAPACITY);
  private readonly referrers = new KeyTable(CAPACITY);
  private readonly browsers = new KeyTable(CAPACITY);
  private readonly systems = new KeyTable(CAPACITY);
  private readonly crawlers = new KeyTable(CAPACITY);
  private readonly agents = new AgentClassifier();
  private readonly status = new Map<number, number>();
  private readonly hours = new Array<number>(24).fill(0);
  private readonly days = new Map<number, { hits: number; visitors: HyperLogLog }>();
  /** The day of the last record, and its counts (most lines are of the same day as the last). */
  private lastDay = NaN;
  private lastDayStats: { hits: number; visitors: HyperLogLog } | undefined = undefined;

  /**
   * `siteHosts`: the site's own host names; referrers from them are internal and not listed
   * (lower case).
   */
  constructor(private readonly siteHosts: ReadonlySet<string> = new Set()) {}

  /** Counts one accepted request. */
  record(rec: LogRecord): void {
    const path = rec.path === "" ? rec.section : rec.path;
    add(this.paths, path);
    add(this.sections, rec.section, rec.sectionHint);
    const cls = classOf(rec.status);
    if (rec.status === 404) add(this.notFound, path);
    if (cls === 3) add(this.paths4xx, path);
    else if (cls === 4) add(this.paths5xx, path);
    add(this.hosts, rec.host, rec.hostHint);
    if (rec.referrer !== "") {
      const host = referrerHost(rec.referrer);
      if (!this.siteHosts.has(host) && host !== rec.vhost.toLowerCase()) {
        add(this.referrers, rec.referrer);
      }
    }
    const family = this.agents.classify(rec.agent);
    add(this.browsers, family.browser);
    add(this.systems, family.os);
    if (family.crawler !== null) add(this.crawlers, family.crawler);
    this.status.set(rec.status, (this.status.get(rec.status) ?? 0) + 1);
    const t = rec.time;
    const hour = Math.floor((((t % DAY_S) + DAY_S) % DAY_S) / 3600);
    this.hours[hour] = (this.hours[hour] as number) + 1;
    const day = Math.floor(t / DAY_S);
    let d = day === this.lastDay ? this.lastDayStats : this.days.get(day);
    if (d === undefined) {
      d = { hits: 0, visitors: new HyperLogLog() };
      this.days.set(day, d);
      if (this.days.size > MAX_DAYS) this.days.delete(Math.min(...this.days.keys()));
    }
    this.lastDay = day;
    this.lastDayStats = d;
    d.hits++;
    d.visitors.add(pairHash(rec.host, rec.agent));
  }

  /** The run so far, each list its `top` first rows. */
  snapshot(top: number): RunLine {
    return {
      paths: rows(this.paths, top),
      sections: rows(this.sections, top),
      not_found: rows(this.notFound, top),
      paths_4xx: rows(this.paths4xx, top),
      paths_5xx: rows(this.paths5xx, top),
      hosts: rows(this.hosts, top),
      referrers: rows(this.referrers, top),
      browsers: rows(this.browsers, top),
      systems: rows(this.systems, top),
      crawlers: rows(this.crawlers, top),
      status: Object.fromEntries([...this.status].sort((a, b) => a[0] - b[0])),
      hours: [...this.hours],
      days: [...this.days]
        .sort((a, b) => a[0] - b[0])
        .map(([day, d]) => ({
          day: new Date(day * DAY_S * 1000).toISOString().slice(0, 10),
          hits: d.hits,
          visitors: d.visitors.count(),
        })),
      visitors_error: Math.round(HLL_STANDARD_ERROR * 10_000) / 10_000,
    };
  }
}
