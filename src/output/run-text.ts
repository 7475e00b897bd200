import type { RunLine, RunRow } from "../core/run.js";
import { escapeControl } from "./escape.js";
import { count } from "./format.js";

/** "≥72" when the table may have missed some of a key's hits, else "72". */
function hits(r: RunRow): string {
  return r.hits_error === undefined ? count(r.hits) : `≥${count(r.hits)}`;
}

function list(rows: RunRow[]): string {
  return rows.length === 0
    ? "none"
    : rows.map((r) => `${escapeControl(r.key)} ${hits(r)}`).join(" · ");
}

/** The busiest hour of the day, "14:00–15:00 (9.1 %)". */
function peakHour(hours: number[]): string {
  const total = hours.reduce((a, b) => a + b, 0);
  if (total === 0) return "none";
  const h = hours.indexOf(Math.max(...hours));
  const p2 = (n: number) => String(n).padStart(2, "0");
  return `${p2(h)}:00–${p2((h + 1) % 24)}:00 UTC (${(((hours[h] as number) / total) * 100).toFixed(1)} %)`;
}

/** The summary's whole-run part in plain text : one line per list. */
export function runLines(r: RunLine): string[] {
  const visitors = r.days
    .map((d) => `${d.day} ${count(d.visitors)} (${count(d.hits)} ${d.hits === 1 ? "hit" : "hits"})`)
    .join(" · ");
  return [
    "  whole run",
    `    paths      ${list(r.paths)}`,
    `    sections   ${list(r.sections)}`,
    `    404s       ${list(r.not_found)}`,
    `    4xx paths  ${list(r.paths_4xx)}`,
    `    5xx paths  ${list(r.paths_5xx)}`,
    `    hosts      ${list(r.hosts)}`,
    `    referrers  ${list(r.referrers)}`,
    `    browsers   ${list(r.browsers)}`,
    `    systems    ${list(r.systems)}`,
    `    crawlers   ${list(r.crawlers)}`,
    `    status     ${Object.entries(r.status)
      .map(([code, n]) => `${code} ${count(n)}`)
      .join(" · ")}`,
    `    peak hour  ${peakHour(r.hours)}`,
    `    visitors   ${visitors === "" ? "none" : visitors} (±${(r.visitors_error * 300).toFixed(1)} %)`,
  ];
}
