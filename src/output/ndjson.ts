import type { MonitorEvent } from "../core/event.js";

/** One NDJSON line (with its newline) for an event: the `--json` output. */
export function ndjsonLine(event: MonitorEvent): string {
  return `${JSON.stringify(event)}\n`;
}
