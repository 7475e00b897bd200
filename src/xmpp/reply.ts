import { basename } from "node:path";
import { formatDuration } from "../core/duration.js";
import type { ReportEvent } from "../core/event.js";
import { isoTime } from "../core/time.js";
import type { LiveView } from "../core/types.js";
import { bytes, count, readableTime } from "../output/format.js";
import { describeLog } from "./logs.js";

/** `ls`: each log a JID may read, its files with size and the log time of their last line. */
export async function describeLogs(
  names: string[],
  logs: Map<string, string>,
  timeOf: (line: Buffer) => number,
): Promise<string> {
  if (names.length === 0) return "no logs for you";
  const out: string[] = [];
  for (const name of names) {
    const files = await describeLog(logs.get(name) as string, timeOf);
    if (files.length === 0) {
      out.push(`${name}: no file yet`);
      continue;
    }
    for (const f of files) {
      const last = Number.isNaN(f.lastTime)
        ? `written ${readableTime(isoTime(Math.floor(f.mtimeMs / 1000)))}`
        : `last line ${readableTime(isoTime(f.lastTime))}`;
      const label = files.length > 1 ? `${name} (${basename(f.path)})` : name;
      out.push(`${label}: ${bytes(f.size)}, ${last}`);
    }
  }
  return out.join("\n");
}

/**
 * `status`: the last report's moment (log time, the window's rate against the threshold, the
 * interval's requests and top sections) and the alerts firing now.
 */
export function statusText(r: ReportEvent | null, live: LiveView): string {
  const firing = live.firing.map(
    (f) =>
      `${f.key === null ? f.rule : `${f.rule}[${f.key}]`} since ${readableTime(isoTime(f.since))}`,
  );
  const alerts = firing.length === 0 ? "no alert firing" : `firing: ${firing.join(", ")}`;
  if (r === null) {
    const time =
      live.logTime === null ? "no log line yet" : `log time ${readableTime(isoTime(live.logTime))}`;
    return `${time}; no report yet\n${alerts}`;
  }
  const w = r.window;
  const top = r.sections
    .slice(0, 5)
    .map((s) => `${s.section} ${count(s.hits)}`)
    .join(" · ");
  return [
    `log time ${readableTime(r.end)}`,
    `rate ${w.rate} req/s over ${formatDuration(w.window_s)} (threshold ${w.threshold})${w.alert ? " — ALERT" : ""}`,
    `last ${formatDuration(r.seconds)}: ${count(r.hits)} requests, ${r.rps} req/s, ${bytes(r.bytes)}`,
    `top sections: ${top === "" ? "none" : top}`,
    alerts,
  ].join("\n");
}
