import type { RunLine, RunRow } from "../core/run.js";
import type { KeyStats, LogRecord } from "../core/types.js";
import { KEEP_AGENT, KEEP_PATH_VIEW, KEEP_QUERY, KEEP_REFERRER } from "../core/types.js";
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
/** Slots of the cache that finds whether a recent referrer is external by its hint. */
const FRONT_SLOTS = 1024;

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

/** A request's full path (with its query when kept), its section when it has none. */
function pathOf(rec: LogRecord): string {
  if (rec.path !== "") return rec.path + rec.query;
  if (rec.pathEnd < 0) return rec.section;
  return rec.pathBytes.toString("utf8", rec.pathStart, rec.pathEnd) + rec.query;
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
  private readonly paths = new KeyTable(CAPACITY, true);
  private readonly sections = new KeyTable(CAPACITY);
  private readonly notFound = new KeyTable(CAPACITY, true);
  private readonly paths4xx = new KeyTable(CAPACITY, true);
  private readonly paths5xx = new KeyTable(CAPACITY, true);
  private readonly hosts = new KeyTable(CAPACITY, true);
  private readonly referrers = new KeyTable(CAPACITY, true);
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
  /** The same for recent referrers, by hint, found without hashing them. */
  private readonly frontReferrers = new Array<string | undefined>(FRONT_SLOTS).fill(undefined);
  private readonly frontExternal = new Uint8Array(FRONT_SLOTS);
  /** Requests by status code: three-digit codes in an array, any other in a map. */
  private readonly codes = new Float64Array(1000);
  private readonly status = new Map<string, number>();
  private readonly hours = new Array<number>(24).fill(0);
  private readonly days = new Map<number, { hits: number; visitors: HyperLogLog }>();
  /** The day of the last record, and its counts (most lines are of the same day as the last). */
  private lastDay = NaN;
  private lastDayStats: { hits: number; visitors: HyperLogLog } | undefined = undefined;
  /** Requests per step of log time (by step index), a minute then coarser (STEPS_S). */
  private timeline = new Map<number, number>();
  private step = 0;
  /** The step of the last request, and its hits not yet in `timeline` (most lines share it). */
  private lastStep = NaN;
  private lastStepHits = 0;

  /**
   * `siteHosts`: the site's own host names (their referrers are internal, not listed);
   * `keepQuery`: full paths keep their query.
   */
  constructor(options: RunOptions = { siteHosts: [] }) {
    this.siteHosts = new Set(options.siteHosts.map((h) => h.toLowerCase()));
    this.keep =
      KEEP_PATH_VIEW | KEEP_AGENT | KEEP_REFERRER | (options.keepQuery === true ? KEEP_QUERY : 0);
  }

  /** Forgets everything counted (the dashboard's R while following): the run starts again. */
  reset(): void {
    for (const t of [this.paths, this.sections, this.notFound, this.paths4xx, this.paths5xx])
      t.clear();
    this.hosts.clear();
    this.referrers.clear();
    for (const m of [this.browsers, this.systems, this.crawlers]) m.clear();
    this.agents.clear();
    this.codes.fill(0);
    this.status.clear();
    this.hours.fill(0);
    this.days.clear();
    this.lastDay = NaN;
    this.lastDayStats = undefined;
    this.timeline.clear();
    this.step = 0;
    this.lastStep = NaN;
    this.lastStepHits = 0;
  }

  /** Counts one accepted request. */
  record(rec: LogRecord): void {
    const cls = classOf(rec.status);
    if (rec.pathHash >= 0 && rec.query === "") {
      // Most lines: the path's bytes are looked up as they are, decoded only if they get a row.
      const b = rec.pathBytes;
      const start = rec.pathStart;
      const end = rec.pathEnd;
      const hash = rec.pathHash;
      this.paths.countBytes(b, start, end, hash);
      if (rec.status === 404) this.notFound.countBytes(b, start, end, hash);
      if (cls === 3) this.paths4xx.countBytes(b, start, end, hash);
      else if (cls === 4) this.paths5xx.countBytes(b, start, end, hash);
    } else {
      const path = pathOf(rec);
      this.paths.count(path, -1);
      if (rec.status === 404) this.notFound.count(path, -1);
      if (cls === 3) this.paths4xx.count(path, -1);
      else if (cls === 4) this.paths5xx.count(path, -1);
    }
    add(this.sections, rec.section, rec.sectionHint);
    add(this.hosts, rec.host, rec.hostHint);
    if (rec.referrer !== "" && this.isExternal(rec.referrer, rec.referrerHint, rec.vhost)) {
      add(this.referrers, rec.referrer, rec.referrerHint);
    }
    const family = this.agents.classify(rec.agent, rec.agentHint);
    family.hits++;
    const status = rec.status;
    if (status >= 0 && status < 1000) this.codes[status] = (this.codes[status] as number) + 1;
    else bumpBy(this.status, String(status), 1);
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

  /**
   * Whether a referrer comes from outside the site (not a --site-host, not the request's vhost);
   * `hint` as LogRecord.referrerHint.
   */
  private isExternal(referrer: string, hint: number, vhost: string): boolean {
    if (vhost !== "") {
      const host = referrerHost(referrer);
      return !this.siteHosts.has(host) && host !== vhost.toLowerCase();
    }
    const slot = hint & (FRONT_SLOTS - 1);
    if (hint >= 0 && this.frontReferrers[slot] === referrer) return this.frontExternal[slot] === 1;
    let known = this.external.get(referrer);
    if (known === undefined) {
      known = !this.siteHosts.has(referrerHost(referrer));
      if (this.external.size >= 10_000) this.external.clear();
      this.external.set(referrer, known);
    }
    if (hint >= 0) {
      this.frontReferrers[slot] = referrer;
      this.frontExternal[slot] = known ? 1 : 0;
    }
    return known;
  }

  /** One request at `t` in the timeline, coarsened when it holds more than MAX_STEPS steps. */
  private count(t: number): void {
    const at = Math.floor(t / (STEPS_S[this.step] as number));
    if (at === this.lastStep) {
      this.lastStepHits++;
      return;
    }
    this.flushStep();
    this.lastStep = at;
    this.lastStepHits = 1;
    if (!this.timeline.has(at)) this.timeline.set(at, 0);
    if (this.timeline.size <= MAX_STEPS || this.step === STEPS_S.length - 1) return;
    this.flushStep();
    this.lastStep = NaN;
    const ratio = (STEPS_S[this.step + 1] as number) / (STEPS_S[this.step] as number);
    this.step++;
    const coarse = new Map<number, number>();
    for (const [k, n] of this.timeline) {
      const c = Math.floor(k / ratio);
      coarse.set(c, (coarse.get(c) ?? 0) + n);
    }
    this.timeline = coarse;
  }

  /** Moves the last step's hits into `timeline`. */
  private flushStep(): void {
    if (this.lastStepHits === 0) return;
    this.timeline.set(this.lastStep, (this.timeline.get(this.lastStep) ?? 0) + this.lastStepHits);
    this.lastStepHits = 0;
  }

  private timelineLine(): RunLine["timeline"] {
    this.flushStep();
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

  /** Requests by status code, in code order. */
  private statusCounts(): Record<string, number> {
    const counts: [number, number][] = [...this.status].map(([k, n]) => [Number(k), n]);
    this.codes.forEach((n, code) => {
      if (n > 0) counts.push([code, n]);
    });
    return Object.fromEntries(counts.sort((a, b) => a[0] - b[0]));
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
      status: this.statusCounts(),
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
