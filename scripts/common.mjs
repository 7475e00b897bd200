// What the scripts that drive a real logmon process share.
import { fileURLToPath } from "node:url";

/** The built command. */
export const BIN = fileURLToPath(new URL("../bin/logmon.js", import.meta.url));

/** The median of a list of numbers (the upper one of an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Resolves after `ms` milliseconds. */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const p2 = (n) => String(n).padStart(2, "0");

/** A Common Log Format time, in UTC ("21/Nov/2026:08:00:00 +0000"). */
export function clfStamp(d) {
  return `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

/** The last summary event in NDJSON output, or undefined. */
export function lastSummary(ndjson) {
  return ndjson
    .trimEnd()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l))
    .findLast((e) => e.type === "summary");
}
