import { formatDuration } from "../core/duration.js";
import { isoTime } from "../core/time.js";
import type { AlertEvent, LogRecord } from "../core/types.js";
import { Condition, type ConditionSpec } from "./condition.js";
import { MATCH_ALL, type Matcher, type MatchSpec } from "./match.js";
import { NO_EVENTS, type Rule } from "./rule.js";

/** What a rule is grouped by: one alert per key of it. */
export type GroupBy = "section" | "host" | "status";

/** Keys a grouped rule tracks by default. */
export const DEFAULT_MAX_GROUPS = 100;

/** What a configured rule of any kind shares. */
export interface MetricRuleSpec extends ConditionSpec {
  name: string;
  windowS: number;
  /**
   * How far ahead of the judged second records may come: the run's longest lateness (its
   * window), which may exceed the rule's own window. Default: the rule's window.
   */
  aheadS?: number;
  match: Matcher;
  /**
   * The match as configured, for saying the rule elsewhere (`logmon prometheus-rules`): a mapping,
   * or a `--filter` expression.
   */
  matchSpec?: MatchSpec | string;
  /** The record fields the match reads beyond the usual ones (KEEP_PATH, KEEP_AGENT). */
  keep: number;
  groupBy: GroupBy | null;
  maxGroups: number;
  /** Templates with {rule}, {key}, {value}, {threshold}, {hits}, {time}; null: the kind's own. */
  message: string | null;
  recoverMessage: string | null;
}

/** One window of one key: what a rule kind counts and how it reads it. */
export interface Measure {
  /** A record of this key; `matched` when it passes the rule's match (ratio rules count all). */
  add(rec: LogRecord, matched: boolean): void;
  /** Judges up to second `t`. */
  advanceTo(t: number): void;
  /** The value compared with the thresholds, and the requests it stands on. */
  readonly value: number;
  readonly hits: number;
  /** Whether the value may breach (ratio: enough requests); true for other kinds. */
  readonly eligible: boolean;
  /** Traffic in the window, by which keys are kept when there are more than max_groups. */
  readonly traffic: number;
}

/** How a rule kind measures and words its value. */
export interface Kind {
  /** A fresh window for one key. */
  measure(): Measure;
  /** Whether records that do not match still count (the denominator of a ratio). */
  countsUnmatched: boolean;
  /** After the run: why the rule could not work on these lines, or null. */
  note?(): string | null;
  /** The value as words use it ("12.5 req/s", "35 % of requests", "p95 812 ms"). */
  describe(value: number): string;
}

interface Group {
  key: string | null;
  measure: Measure;
  condition: Condition;
}

function keyOf(rec: LogRecord, by: GroupBy): string {
  return by === "status" ? String(rec.status) : by === "section" ? rec.section : rec.host;
}

/** Fills a message template. */
function fill(template: string, vars: Record<string, string>): string {
  return template.replace(
    /\{(rule|key|value|threshold|hits|time)\}/g,
    (_, name: string) => vars[name] ?? "",
  );
}

/**
 * A configured rule (rate, ratio, latency): every judged second, each key's window gives a value
 * that a Condition turns into alerts and recoveries. With group_by, at most max_groups keys are
 * tracked: a new key takes the place of the quietest one not firing (Space-Saving style, so the
 * busiest keys stay), and requests of keys that find no place are counted in `untracked`.
 */
export class MetricRule implements Rule {
  readonly name: string;
  private readonly groups = new Map<string, Group>();
  /** The first second judged: a flatline (min) waits for one full window after it. */
  private first: number | null = null;
  /** Requests of keys that could not be tracked (more than max_groups busy keys). */
  untracked = 0;

  constructor(
    private readonly spec: MetricRuleSpec,
    private readonly kind: Kind,
  ) {
    this.name = spec.name;
  }

  note(): string | null {
    const why = this.kind.note?.() ?? null;
    return why === null ? null : `rule ${this.name}: ${why}`;
  }

  /** The costly record fields this rule's match reads. */
  get keep(): number {
    return this.spec.keep;
  }

  /** A flatline (min) fires on silence, even before any line. */
  get needsClock(): boolean {
    return this.spec.min !== null && this.spec.groupBy === null;
  }

  get quiet(): boolean {
    // A flatline (min) can fire on an empty window: it is never quiet.
    if (this.spec.min !== null) return false;
    for (const g of this.groups.values()) {
      if (g.measure.traffic > 0 || !g.condition.idle) return false;
    }
    return true;
  }

  get firingSince(): number | null {
    let since: number | null = null;
    for (const g of this.groups.values()) {
      const s = g.condition.since;
      if (s !== null && (since === null || s < since)) since = s;
    }
    return since;
  }

  /** The keys firing now, with when each was raised. */
  firing(): { key: string | null; since: number }[] {
    const out: { key: string | null; since: number }[] = [];
    for (const g of this.groups.values()) {
      if (g.condition.since !== null) out.push({ key: g.key, since: g.condition.since });
    }
    return out;
  }

  record(rec: LogRecord): void {
    const matched = this.spec.match === MATCH_ALL || this.spec.match(rec);
    if (!matched && !this.kind.countsUnmatched) return;
    const group = this.groupOf(rec);
    if (group === null) this.untracked++;
    else group.measure.add(rec, matched);
  }

  second(t: number): readonly AlertEvent[] {
    if (this.spec.groupBy === null && this.groups.size === 0) this.groupOf(null);
    this.first ??= t;
    // Before a full window has passed, a low rate only means the log just started.
    const warm = this.spec.min === null || t - this.first >= this.spec.windowS - 1;
    let events: AlertEvent[] | null = null;
    for (const g of this.groups.values()) {
      g.measure.advanceTo(t);
      const raised = g.condition.since;
      const step = g.condition.step(t, g.measure.value, g.measure.eligible && warm);
      if (step === null) continue;
      const since = step === "recover" && raised !== null ? raised : undefined;
      (events ??= []).push(this.event(step, t, g, since));
    }
    return events ?? NO_EVENTS;
  }

  private groupOf(rec: LogRecord | null): Group | null {
    const by = this.spec.groupBy;
    const key = by === null || rec === null ? null : keyOf(rec, by);
    const id = key ?? "";
    let group = this.groups.get(id);
    if (group !== undefined) return group;
    if (this.groups.size >= this.spec.maxGroups) {
      let quietest: Group | null = null;
      for (const g of this.groups.values()) {
        if (!g.condition.idle) continue;
        if (quietest === null || g.measure.traffic < quietest.measure.traffic) quietest = g;
      }
      if (quietest === null) return null;
      this.untracked += quietest.measure.traffic;
      this.groups.delete(quietest.key ?? "");
    }
    group = { key, measure: this.kind.measure(), condition: new Condition(this.spec) };
    this.groups.set(id, group);
    return group;
  }

  private event(kind: "alert" | "recover", t: number, g: Group, since?: number): AlertEvent {
    const { max, min, windowS } = this.spec;
    const value = g.measure.value;
    const threshold = max !== null && (min === null || value > max) ? max : (min ?? 0);
    const vars = {
      rule: this.name,
      key: g.key ?? "",
      value: this.kind.describe(value),
      threshold: this.kind.describe(threshold),
      hits: String(g.measure.hits),
      time: isoTime(t),
    };
    const named = `${this.name}${g.key === null ? "" : ` [${g.key}]`}`;
    const side = max !== null && value > max ? "above" : "below";
    const text =
      kind === "alert"
        ? fill(
            this.spec.message ??
              `${named}: {value}, ${side} {threshold} over ${formatDuration(windowS)} - hits = {hits}, triggered at {time}`,
            vars,
          )
        : fill(
            this.spec.recoverMessage ??
              `${named} recovered: {value}${g.measure.eligible ? "" : " (too few requests to judge)"} - hits = {hits}, recovered at {time}`,
            vars,
          );
    const event: AlertEvent = {
      rule: this.name,
      key: g.key,
      kind,
      time: t,
      hits: g.measure.hits,
      rate: g.measure.hits / windowS,
      value,
      threshold,
      windowS,
      message: text,
    };
    if (since !== undefined) event.since = since;
    return event;
  }
}
