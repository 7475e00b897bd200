import { HintCache } from "../core/hint-cache.js";
import type { RunLine } from "../core/run.js";
import type { LogRecord } from "../core/types.js";
import { KEEP_AGENT, KEEP_PATH_VIEW, KEEP_QUERY, KEEP_REFERRER } from "../core/types.js";
import type { RunOptions } from "./monitor-types.js";
import { AgentClassifier } from "./agents.js";
import { classOf } from "./counts.js";
import { HLL_STANDARD_ERROR, HyperLogLog, visitorHash } from "./hll.js";
import { KeyTable, type TableState } from "./keytable.js";
import {
  add,
  ALL,
  bumpBy,
  COUNTS,
  LINE_LISTS,
  LINES,
  PATHS,
  countPath,
  mapRows,
  pathOf,
  referrerHost,
  rows,
  statusCounts,
  type LendHooks,
  type RunState,
} from "./run-parts.js";
import { RunTimeline } from "./timeline.js";

/** Rows of each run-wide table: beyond, Space-Saving (hits_error) keeps memory flat. */
const CAPACITY = 2000;
/** Days with their own visitor sketch (4 KiB each); older ones are merged into none and dropped. */
const MAX_DAYS = 400;
const DAY_S = 86_400;

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
  private readonly frontExternal = new HintCache<boolean>(1024);
  /** Requests by status code: three-digit codes in an array, any other in a map. */
  private readonly codes = new Float64Array(1000);
  private readonly status = new Map<string, number>();
  private readonly hours = new Array<number>(24).fill(0);
  private readonly days = new Map<number, { hits: number; visitors: HyperLogLog }>();
  /** The day of the last record, and its counts (most lines are of the same day as the last). */
  private lastDay = NaN;
  private lastDayStats: { hits: number; visitors: HyperLogLog } | undefined = undefined;
  private readonly timeline = new RunTimeline();
  /** While another thread counts the LINES part (see lend): how to reach it, what it last sent. */
  private away: { hooks: LendHooks; line: RunLine | null } | null = null;
  /** The parts this instance counts (LINES, COUNTS, PATHS). */
  private part = ALL;

  /**
   * `siteHosts`: the site's own host names (their referrers are internal, not listed);
   * `keepQuery`: full paths keep their query.
   */
  constructor(readonly options: RunOptions = { siteHosts: [] }) {
    this.siteHosts = new Set(options.siteHosts.map((h) => h.toLowerCase()));
    this.keep =
      KEEP_PATH_VIEW | KEEP_AGENT | KEEP_REFERRER | (options.keepQuery === true ? KEEP_QUERY : 0);
  }

  /** Forgets everything counted (the dashboard's R while following): the run starts again. */
  reset(): void {
    this.away?.hooks.reset();
    this.clear();
  }

  private clear(part = ALL): void {
    this.tables(part).forEach((t) => t?.clear());
    if ((part & LINES) !== 0) {
      for (const m of [this.browsers, this.systems, this.crawlers]) m.clear();
      this.agents.clear();
    }
    if ((part & COUNTS) === 0) return;
    this.codes.fill(0);
    this.status.clear();
    this.hours.fill(0);
    this.days.clear();
    this.lastDay = NaN;
    this.lastDayStats = undefined;
    this.timeline.clear();
  }

  /** The tables of `part`, in RunState order (paths, sections, 404s, 4xx, 5xx, hosts, referrers). */
  private tables(part = ALL): (KeyTable | null)[] {
    const of = (p: number, t: KeyTable) => ((part & p) !== 0 ? t : null);
    const { paths, sections, notFound, paths4xx, paths5xx, hosts, referrers } = this;
    const t = [of(PATHS, paths), of(COUNTS, sections), of(PATHS, notFound), of(PATHS, paths4xx)];
    return [...t, of(PATHS, paths5xx), of(COUNTS, hosts), of(LINES, referrers)];
  }

  /** The counts of `part` as plain data that can cross to another thread (see movable). */
  state(part = ALL): RunState {
    this.agents.drain();
    const lines = (part & LINES) !== 0;
    return {
      tables: this.tables(part).map((t) => t?.state() ?? null),
      families: lines ? [this.browsers, this.systems, this.crawlers].map((m) => [...m]) : [],
      counts:
        (part & COUNTS) === 0
          ? null
          : {
              codes: this.codes.slice(),
              status: [...this.status],
              hours: [...this.hours],
              days: [...this.days].map(([day, d]) => [day, d.hits, d.visitors.state()]),
              timeline: this.timeline.state(),
            },
    };
  }

  /** Counts of `part` from `state` (of a run with the same options, holding it), forgetting its own. */
  load(state: RunState, part = ALL): void {
    this.clear(part);
    this.tables(part).forEach((t, i) => t?.load(state.tables[i] as TableState));
    if ((part & LINES) !== 0) {
      [this.browsers, this.systems, this.crawlers].forEach((m, i) => {
        for (const [k, n] of state.families[i] ?? []) m.set(k, n);
      });
    }
    const counts = state.counts;
    if ((part & COUNTS) === 0 || counts === null) return;
    this.codes.set(counts.codes);
    for (const [k, n] of counts.status) this.status.set(k, n);
    counts.hours.forEach((n, i) => (this.hours[i] = n));
    for (const [day, hits, registers] of counts.days) {
      this.days.set(day, { hits, visitors: HyperLogLog.from(registers) });
    }
    this.timeline.load(counts.timeline);
  }

  /**
   * Lends the LINES part to another thread (a file replayed there, whose referrers and agents
   * never come here; its instance counts only those, see countLines) and gives the state it
   * starts from. Until `resume`, records count here for the other parts (with the agent's hash
   * the other thread found and the path's bytes it sent), a snapshot's LINES lists are the last
   * the other thread sent (asked for by `hooks.ask`), and `reset` goes there too.
   */
  lend(hooks: LendHooks): RunState {
    const state = this.state(LINES);
    this.away = { hooks, line: null };
    this.part = ALL & ~LINES;
    return state;
  }

  /** Counts only the LINES part from now on: this instance counts for one that lent it. */
  countLines(): void {
    this.part = LINES;
  }

  /** A snapshot the other thread sent. */
  lent(line: RunLine): void {
    if (this.away !== null) this.away.line = line;
  }

  /** The LINES part comes back here, with the other thread's state (null: it counted nothing). */
  resume(state: RunState | null): void {
    this.away = null;
    this.part = ALL;
    if (state !== null) this.load(state, LINES);
  }

  /** Counts one accepted request (of the LINES part, the agent's hash is left in the record). */
  record(rec: LogRecord): void {
    if ((this.part & LINES) !== 0) this.recordLine(rec);
    if ((this.part & PATHS) !== 0) this.recordPath(rec);
    if ((this.part & COUNTS) !== 0) this.recordCounts(rec);
  }

  private recordPath(rec: LogRecord): void {
    const cls = classOf(rec.status);
    // Most lines: the path's bytes are looked up as they are (null), decoded only if they get a row.
    const path = rec.pathHash >= 0 && rec.query === "" ? null : pathOf(rec);
    countPath(this.paths, rec, path);
    if (rec.status === 404) countPath(this.notFound, rec, path);
    if (cls === 3) countPath(this.paths4xx, rec, path);
    else if (cls === 4) countPath(this.paths5xx, rec, path);
  }

  private recordLine(rec: LogRecord): void {
    if (rec.referrer !== "" && this.isExternal(rec.referrer, rec.referrerHint, rec.vhost)) {
      add(this.referrers, rec.referrer, rec.referrerHint);
    }
    const family = this.agents.classify(rec.agent, rec.agentHint);
    family.hits++;
    rec.agentHash = family.hash;
  }

  private recordCounts(rec: LogRecord): void {
    add(this.sections, rec.section, rec.sectionHint);
    add(this.hosts, rec.host, rec.hostHint);
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
    d.visitors.add(visitorHash(rec.host, rec.agentHash));
    this.timeline.count(t);
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
    const recent = this.frontExternal.get(referrer, hint);
    if (recent !== undefined) return recent;
    let known = this.external.get(referrer);
    if (known === undefined) {
      known = !this.siteHosts.has(referrerHost(referrer));
      if (this.external.size >= 10_000) this.external.clear();
      this.external.set(referrer, known);
    }
    this.frontExternal.set(referrer, hint, known);
    return known;
  }

  /** The run so far, each list its `top` first rows. */
  snapshot(top: number): RunLine {
    const line = this.own(top);
    if (this.away === null) return line;
    this.away.hooks.ask(top);
    const there = this.away.line;
    if (there !== null) for (const k of LINE_LISTS) line[k] = there[k];
    return line;
  }

  private own(top: number): RunLine {
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
      status: statusCounts(this.codes, this.status),
      hours: [...this.hours],
      days: [...this.days]
        .sort((a, b) => a[0] - b[0])
        .map(([day, d]) => ({
          day: new Date(day * DAY_S * 1000).toISOString().slice(0, 10),
          hits: d.hits,
          visitors: d.visitors.count(),
        })),
      timeline: this.timeline.line(),
      visitors_error: Math.round(HLL_STANDARD_ERROR * 10_000) / 10_000,
    };
  }
}
