import { emptyRecord } from "../../src/core/types.js";
import type { AlertEvent, LogRecord, WindowSnapshot } from "../../src/core/types.js";
import { HighTrafficRule } from "../../src/alert/high-traffic.js";
import { Monitor } from "../../src/stats/monitor.js";
import type { MonitorConfig, MonitorOutput } from "../../src/stats/monitor-types.js";

/** A monitor with the built-in high-traffic rule, as a run makes it (threshold 1 req/s over 10 s by default). */
export function newMonitor(
  emit: (o: MonitorOutput) => void,
  config: Partial<MonitorConfig> = {},
): Monitor {
  const c = { threshold: 1, windowS: 10, intervalS: 10, top: 5, ...config };
  return new Monitor(c, emit, [new HighTrafficRule(c)]);
}

/** A round base time (divisible by 10 and 60) so interval boundaries are easy to read. */
export const T0 = Date.UTC(2026, 10, 21, 8, 0, 0) / 1000;

/** A record at T0 + `offset` seconds. */
export function rec(offset: number, fields: Partial<LogRecord> = {}): LogRecord {
  return {
    ...emptyRecord(),
    time: T0 + offset,
    host: "10.0.0.1",
    method: "GET",
    section: "/api",
    status: 200,
    bytes: 100,
    ...fields,
  };
}

/** `count` offsets at each second from `from` to `to` inclusive. */
export function steady(from: number, to: number, count = 1): number[] {
  const out: number[] = [];
  for (let t = from; t <= to; t++) for (let i = 0; i < count; i++) out.push(t);
  return out;
}

/** Feeds records (offsets, or whole records) to a monitor and collects what it says. */
export function run(input: (number | LogRecord)[], config: Partial<MonitorConfig> = {}) {
  const outputs: MonitorOutput[] = [];
  const monitor = newMonitor((o) => outputs.push(o), config);
  const tally = monitor.input("test.log");
  for (const item of input) monitor.record(typeof item === "number" ? rec(item) : item, tally);
  const summary = monitor.finish();
  const alerts = outputs.flatMap((o) => (o.kind === "alert" ? [o.event] : []));
  const reports = outputs.flatMap((o) => (o.kind === "report" ? [o.snapshot] : []));
  return {
    outputs,
    summary,
    alerts,
    reports,
    /** Alerts as [kind, offset from T0, hits]. */
    timeline: alerts.map((a: AlertEvent) => [a.kind, a.time - T0, a.hits]),
    /** Reports as [start offset, end offset, hits]. */
    spans: reports.map((r: WindowSnapshot) => [r.start - T0, r.end - T0, r.hits]),
  };
}
