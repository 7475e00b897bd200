import { closeSync, openSync, readSync } from "node:fs";
import type { LineParser } from "../parse/parser.js";
import { parsingSink } from "./sink.js";

/** Bytes read from the start of a file to judge how often its hosts and sections repeat. */
const SAMPLE_BYTES = 1 << 20;
/** New hosts and sections per parsed line above which a second thread is slower, not faster. */
const MAX_NEW_KEYS_PER_LINE = 0.5;

/**
 * Whether the first lines of `file` repeat their hosts and sections: on two threads every new
 * string is decoded on both, so a log where most lines bring a new one (1 M distinct paths)
 * replays faster on one.
 */
export function keysRepeat(file: string, parser: LineParser): boolean {
  const hosts = new Set<string>();
  const sections = new Set<string>();
  let records = 0;
  const sink = parsingSink(file, parser, {
    record: (rec) => {
      records++;
      hosts.add(rec.host);
      sections.add(rec.section);
    },
    directive: () => undefined,
    invalid: () => undefined,
    droppedNul: () => undefined,
  });
  const buf = Buffer.allocUnsafe(SAMPLE_BYTES);
  const fd = openSync(file, "r");
  try {
    sink.push(buf.subarray(0, readSync(fd, buf, 0, SAMPLE_BYTES, 0)));
  } finally {
    closeSync(fd);
  }
  return records > 0 && (hosts.size + sections.size) / records <= MAX_NEW_KEYS_PER_LINE;
}
