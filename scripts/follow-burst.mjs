#!/usr/bin/env node
// Burst: follows a file with the real pipeline (follower, parser, statistics) in this process,
// appends LINES Combined lines at once, and measures how long until all are counted and the
// longest event-loop stall meanwhile (perf_hooks.monitorEventLoopDelay, from the end of the
// append, which blocks this process itself). Run after `npm ci`.
//
//   node scripts/follow-burst.mjs [--lines 1000000] [--poll]
import { appendFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { HighTrafficRule } from "../dist/alert/high-traffic.js";
import { keepHeapSmall } from "../dist/ingest/heap.js";
import { Ingest } from "../dist/ingest/ingest.js";
import { clfParser } from "../dist/parse/parser.js";
import { fromStart } from "../dist/source/follow/opened.js";
import { Follower } from "../dist/source/follow/follower.js";
import { Monitor } from "../dist/stats/monitor.js";

const { values } = parseArgs({
  options: {
    lines: { type: "string", default: "1000000" },
    poll: { type: "boolean", default: false },
  },
});
// The heap settings of bin/logmon.js, so that this measures what the CLI does.
keepHeapSmall();
const total = Number(values.lines);
const log = join(mkdtempSync(join(tmpdir(), "logmon-burst-")), "access.log");
writeFileSync(log, "");
let lines = "";
for (let i = 0; i < total; i++) {
  const s = String(Math.floor(i / 2000) % 60).padStart(2, "0");
  lines += `10.0.${i % 250}.${i % 199} - - [21/Nov/2026:08:00:${s} +0000] "GET /s${i % 50}/p?id=${i} HTTP/1.1" 200 ${i % 9000} "https://example.com/" "Mozilla/5.0 (X11; Linux x86_64)"\n`;
}
const config = { threshold: 1e9, windowS: 120, intervalS: 10, top: 10 };
const monitor = new Monitor(config, () => undefined, [new HighTrafficRule(config)]);
const ingest = new Ingest(monitor, clfParser);
const clock = { nowMs: () => Date.now() };
const follower = new Follower(
  { patterns: [log], poll: values.poll, firstOffset: fromStart },
  { open: (p) => ingest.input(p), note: (e) => monitor.note(e), state: () => undefined },
  clock,
);
await follower.start();
const counted = () => monitor.input(log).total.read;
const delay = monitorEventLoopDelay({ resolution: 5 });
const t0 = performance.now();
appendFileSync(log, lines);
const appended = performance.now();
// The text was written as another process would: do not keep 142 MB alive in this heap.
const mb = Math.round(Buffer.byteLength(lines) / 1e5) / 10;
lines = "";
delay.enable();
while (counted() < total) await new Promise((r) => setTimeout(r, 5));
const done = performance.now();
delay.disable();
await follower.stop();
console.log(
  JSON.stringify({
    mode: values.poll ? "poll" : "watch",
    lines: total,
    counted: counted(),
    mb,
    append_ms: Math.round(appended - t0),
    counted_after_ms: Math.round(done - appended),
    lines_per_s: Math.round(total / ((done - appended) / 1000)),
    loop_delay_max_ms: Math.round(delay.max / 1e6),
    loop_delay_p99_ms: Math.round(delay.percentile(99) / 1e6),
  }),
);
