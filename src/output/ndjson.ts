import type { MonitorEvent } from "../core/event.js";

let lastEvent: MonitorEvent | null = null;
let lastLine = "";

/**
 * One NDJSON line (with its newline) for an event: the `--json` output. Outputs get events one
 * at a time, so the last one is remembered: `--json`, `--json-file` and the HTTP server's event
 * stream serialise each event once between them.
 */
export function ndjsonLine(event: MonitorEvent): string {
  if (event !== lastEvent) {
    lastLine = `${JSON.stringify(event)}\n`;
    lastEvent = event;
  }
  return lastLine;
}
