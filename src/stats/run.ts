import type { RunLine, RunRow } from "../core/run.js";
import type { KeyStats, LogRecord } from "../core/types.js";
import { KEEP_AGENT, KEEP_PATH, KEEP_QUERY, KEEP_REFERRER } from "../core/types.js";
import type { RunOptions } from "./monitor-types.js";
import { AgentClassifier } from "./agents.js";
import { classOf } from "./counts.js";
import { HLL_STANDARD_ERROR, HyperLogLog, visitorHash } from "./hll.js";
import { KeyTable } from "./keytable.js";

/** Rows of each run-wide table: beyond, Space-Saving (hits_error) keeps memory flat. */
const CAPACITY = 2000;
/** Days with their own visitor sketch (4 KiB each); older ones are merged into none and dropped. */
const MAX_DAYS = 400;
const DAY_S = 86_400;
/** Steps of the run's timeline, and how many of one it holds before moving to the next. */
const STEPS_S = [60, 3600, DAY_S];
const MAX_STEPS = 10_080;

function rows(table: KeyTable, n: number): RunRow[] {
  return table.top(n, false).hits.map((s: KeyStats) => ({
    key: s.key,
    hits: s.hits,
    ...(s.error > 0 ? { hits_error: s.error } : {}),
  }));
}

/** Adds `n` to `key` of a counting map. */
function bumpBy(map: Map<string, number>, key: string, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

/** The `n` busiest keys of a counting map (exact: these maps hold a few family names). */
function mapRows(map: Map<string, number>, n: number): RunRow[] {
  return [...map]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([key, hits]) => ({ key, hits }));
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
  /** The record fields it reads beyond the usual ones (KEEP_*). */
  readonly keep: number;
  private readonly siteHosts: ReadonlySet<string>;
  private readonly paths = new KeyTable(CAPACITY);
  private readonly sections = new KeyTable(CAPACITY);
  private readonly notFound = new KeyTable(CAPACITY);
  private readonly paths4xx = new KeyTable(CAPACITY);
  private readonly paths5xx = new KeyTable(CAPACITY);
  private readonly hosts = new KeyTable(CAPACITY);
  private readonly referrers = new KeyTable(CAPACITY);
  /** Hits of agent families: counted on each distinct agent's family, gathered here on a drain. */
  private readonly browsers = new Map<string, number>();
  private readonly systems = new Map<string, number>();
  private readonly crawlers = new Map<string, number>();
  private readonly agents = new AgentClassifier((f) => {
    bumpBy(this.browsers, f.browser, f.hits);
    bumpBy(this.systems, f.os, f.hits);
    if (f.crawler !== null) bumpBy(this.crawlers, f.crawler, f.hits);
  });
  /** Whether a referrer is external, by referrer (cleared when large), for logs without vhosts. */
  private readonly external = new Map<string, boolean>();
  private readonly status = new Map<number, number>();
  private readonly hours = new Array<number>(24).fill(0);
  private readonly days = new Map<number, { hits: number; visitors: HyperLogLog }>();
  /** The day of the last record, and its counts (most lines are of the same day as the last). */
  private lastDay = NaN;
  private lastDayStats: { hits: number; visitors: HyperLogLog } | undefined = undefined;
  /** Requests per step of log time (by step index), a minute then coarser (STEPS_S). */
  private timeline = new Map<number, number>();
  private step = 0;

  /**
   * `siteHosts`: the site's own host names (their referrers are internal, not listed);
   * `keepQuery`: full paths keep their query.
   */
  constructor(options: RunOptions = { siteHosts: [] }) {
    this.siteHosts = new Set(options.siteHosts.map((h) => h.toLowerCase()));
    this.keep =
      KEEP_PATH | KEEP_AGENT | KEEP_REFERRER | (options.keepQuery === true ? KEEP_QUERY : 0);
  }

  /** Forgets everything counted (the dashboard's R while following): the run starts again. */
  reset(): void {
    for (const t of [this.paths, this.sections, this.notFound, this.paths4xx, this.paths5xx])
      t.clear();
    this.hosts.clear();
    this.referrers.clear();
    for (const m of [this.browsers, this.systems, this.crawlers]) m.clear();
    this.agents.clear();
    this.status.clear();
    this.hours.fill(0);
    this.days.clear();
    this.lastDay = NaN;
    this.lastDayStats = undefined;
    this.timeline.clear();
    this.step = 0;
  }

  /** Counts one accepted request. */
  record(rec: LogRecord): void {
    const path = rec.path === "" ? rec.section : rec.path + rec.query;
    add(this.paths, path);
    add(this.sections, rec.section, rec.sectionHint);
    const cls = classOf(rec.status);
    if (rec.status === 404) add(this.notFound, path);
    if (cls === 3) add(this.paths4xx, path);
    else if (cls === 4) add(this.paths5xx, path);
    add(this.hosts, rec.host, rec.hostHint);
    if (rec.referrer !== "" && this.isExternal(rec.referrer, rec.vhost)) {
      add(this.referrers, rec.referrer);
    }
    const family = this.agents.classify(rec.agent);
    family.hits++;
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
    d.visitors.add(visitorHash(rec.host, family.hash));
    this.count(t);
  }

  /** Whether a referrer comes from outside the site (not a --site-host, not the request's vhost). */
  private isExternal(referrer: string, vhost: string): boolean {
    if (vhost !== "") {
      const host = referrerHost(referrer);
      return !this.siteHosts.has(host) && host !== vhost.toLowerCase();
    }
    let known = this.external.get(referrer);
    if (known === undefined) {
      known = !this.siteHosts.has(referrerHost(referrer));
      if (this.external.size >= 10_000) this.external.clear();
      this.external.set(referrer, known);
    }
    return known;
  }

  /** One request at `t` in the timeline, coarsened when it holds more than MAX_STEPS steps. */
  private count(t: number): void {
    const at = Math.floor(t / (STEPS_S[this.step] as number));
    this.timeline.set(at, (this.timeline.get(at) ?? 0) + 1);
    if (this.timeline.size <= MAX_STEPS || this.step === STEPS_S.length - 1) return;
    const ratio = (STEPS_S[this.step + 1] as number) / (STEPS_S[this.step] as number);
    this.step++;
    const coarse = new Map<number, number>();
    for (const [k, n] of this.timeline) {
      const c = Math.floor(k / ratio);
      coarse.set(c, (coarse.get(c) ?? 0) + n);
    }
    this.timeline = coarse;
  }

  private timelineLine(): RunLine["timeline"] {
    const step = STEPS_S[this.step] as number;
    const keys = [...this.timeline.keys()];
    if (keys.length === 0) return { start: 0, step_s: step, hits: [] };
    // The busiest span of at most 2 × MAX_STEPS steps: a clock-skewed line years away does not
    // stretch the chart (its hits are in the totals and days, not drawn).
    keys.sort((a, b) => a - b);
    let [first, last, best, sum, from] = [keys[0] as number, keys[0] as number, 0, 0, 0];
    for (let to = 0; to < keys.length; to++) {
      sum += this.timeline.get(keys[to] as number) as number;
      while ((keys[to] as number) - (keys[from] as number) > 2 * MAX_STEPS) {
        sum -= this.timeline.get(keys[from++] as number) as number;
      }
      if (sum > best) [best, first, last] = [sum, keys[from] as number, keys[to] as number];
    }
    const hits = new Array<number>(last - first + 1).fill(0);
    for (const [k, n] of this.timeline) if (k >= first && k <= last) hits[k - first] = n;
    return { start: first * step, step_s: step, hits };
  }

  /** The run so far, each list its `top` first rows. */
  snapshot(top: number): RunLine {
    this.agents.drain();
    return {
      paths: rows(this.paths, top),
      sections: rows(this.sections, top),
      not_found: rows(this.notFound, top),
      paths_4xx: rows(this.paths4xx, top),
      paths_5xx: rows(this.paths5xx, top),
      hosts: rows(this.hosts, top),
      referrers: rows(this.referrers, top),
      browsers: mapRows(this.browsers, top),
      systems: mapRows(this.systems, top),
      crawlers: mapRows(this.crawlers, top),
      status: Object.fromEntries([...this.status].sort((a, b) => a[0] - b[0])),
      hours: [...this.hours],
      days: [...this.days]
        .sort((a, b) => a[0] - b[0])
        .map(([day, d]) => ({
          day: new Date(day * DAY_S * 1000).toISOString().slice(0, 10),
          hits: d.hits,
          visitors: d.visitors.count(),
        })),
      timeline: this.timelineLine(),
      visitors_error: Math.round(HLL_STANDARD_ERROR * 10_000) / 10_000,
    };
  }
}
