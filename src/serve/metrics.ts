import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Clock } from "../core/clock.js";
import type { ReportEvent } from "../core/event.js";
import type { LiveView } from "../core/types.js";
import { processMetrics } from "./process.js";

/** Request-duration buckets, seconds: from a cached file to a stuck upstream. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Inputs given a label of their own; others are counted under "(other)". */
const MAX_INPUT_LABELS = 100;

/** Shortest time between two renderings of the metrics, ms: what a scrape may lag behind. */
const RENDER_MS = 1000;

/** The label of the hits of sections without a label of their own. */
const OTHER = "(other)";

/** Where the metrics read the run from, at each scrape. */
export interface MetricsSource {
  live(): LiveView;
  /** Alerts raised so far (the history kept): each keeps its gauge, 0 once recovered. */
  raised(): readonly { rule: string; key: string | null }[];
}

/**
 * logmon's Prometheus metrics on a registry of their own. Counters are read from the monitor's
 * running totals at each scrape, so they agree exactly with its summary; sections come from the
 * reports' top lists, under at most `top` labels in all (the first sections to reach a top list;
 * every other hit under section="(other)"), so cardinality never grows with the log.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly duration: Histogram;
  /** Hits of the labelled sections and "(other)", counted as reports come, published at scrapes. */
  private readonly sectionHits = new Map<string, number>();
  private readonly firingSeen = new Set<string>();

  /** The text last rendered, and when (the clock's ms). */
  private rendered: { text: string; atMs: number } | null = null;

  constructor(
    source: MetricsSource,
    private readonly top: number,
    private readonly clock: Clock,
  ) {
    const registers = [this.registry];
    processMetrics(this.registry);
    const totals = () => source.live().totals;
    new Counter({
      name: "logmon_requests_total",
      help: "Requests (parsed log lines) by status class.",
      labelNames: ["status_class"],
      registers,
      collect() {
        const c = totals().classes;
        this.reset();
        ["1xx", "2xx", "3xx", "4xx", "5xx"].forEach((k, i) =>
          this.inc({ status_class: k }, c[i] ?? 0),
        );
        const other = totals().hits - c.reduce((a, b) => a + b, 0);
        if (other > 0) this.inc({ status_class: "other" }, other);
      },
    });
    new Counter({
      name: "logmon_lines_total",
      help: "Log lines read, by what became of them.",
      labelNames: ["result"],
      registers,
      collect() {
        const l = totals().lines;
        this.reset();
        this.inc({ result: "parsed" }, l.parsed);
        this.inc({ result: "invalid" }, l.invalid);
        this.inc({ result: "late" }, l.late);
        this.inc({ result: "skew" }, l.skew);
        if (l.filtered !== undefined) this.inc({ result: "filtered" }, l.filtered);
      },
    });
    new Counter({
      name: "logmon_response_bytes_total",
      help: "Response bytes of the requests read.",
      registers,
      collect() {
        this.reset();
        this.inc(totals().bytes);
      },
    });
    new Counter({
      name: "logmon_input_lines_total",
      help: "Lines read from each input (file, stdin, syslog sender).",
      labelNames: ["input"],
      registers,
      collect() {
        this.reset();
        totals().files.forEach((f, i) =>
          this.inc({ input: i < MAX_INPUT_LABELS ? f.file : OTHER }, f.read),
        );
      },
    });
    this.duration = new Histogram({
      name: "logmon_request_duration_seconds",
      help: "Request durations, when the log format carries them.",
      buckets: DURATION_BUCKETS,
      registers,
    });
    const sectionHits = this.sectionHits;
    new Counter({
      name: "logmon_section_requests_total",
      help: "Requests by first path segment: the top sections, the rest as (other).",
      labelNames: ["section"],
      registers,
      collect() {
        this.reset();
        for (const [section, hits] of sectionHits) this.inc({ section }, hits);
      },
    });
    new Gauge({
      name: "logmon_window_rate",
      help: "Requests per second over the alert window, at the last judged second.",
      registers,
      collect() {
        this.set(source.live().rate);
      },
    });
    const seen = this.firingSeen;
    new Gauge({
      name: "logmon_alert_firing",
      help: "1 while a rule's alert fires (per group key), 0 once it recovered.",
      labelNames: ["rule", "key"],
      registers,
      collect() {
        const now = new Set(source.live().firing.map((f) => `${f.rule}\u0000${f.key ?? ""}`));
        for (const k of now) seen.add(k);
        for (const a of source.raised()) seen.add(`${a.rule}\u0000${a.key ?? ""}`);
        for (const k of seen) {
          const [rule = "", key = ""] = k.split("\u0000");
          this.set({ rule, key }, now.has(k) ? 1 : 0);
        }
      },
    });
  }

  /** One request's duration, as read (ms). */
  observe(latencyMs: number): void {
    this.duration.observe(latencyMs / 1000);
  }

  /**
   * A report: its sections' hits go to their labels. Plain counting: the labelled counter is
   * filled at each scrape, so a fast replay's thousands of reports cost no label hashing.
   */
  report(r: ReportEvent): void {
    const hits = this.sectionHits;
    let other = r.sections_other;
    for (const s of r.sections) {
      const had = hits.get(s.section);
      if (had !== undefined) hits.set(s.section, had + s.hits);
      else if (hits.size - (hits.has(OTHER) ? 1 : 0) < this.top) hits.set(s.section, s.hits);
      else other += s.hits;
    }
    if (other > 0) hits.set(OTHER, (hits.get(OTHER) ?? 0) + other);
  }

  /**
   * The text a scrape gets: rendered at most once per RENDER_MS (a second), so that however often
   * clients scrape, rendering (about 3 ms of the thread that reads) never slows reading much.
   */
  async text(): Promise<string> {
    const now = this.clock.nowMs();
    const last = this.rendered;
    if (last !== null && now >= last.atMs && now - last.atMs < RENDER_MS) return last.text;
    const text = await this.registry.metrics();
    this.rendered = { text, atMs: now };
    return text;
  }

  /** The counts changed for good (the input ended): the next scrape renders them afresh. */
  settled(): void {
    this.rendered = null;
  }
}
