#!/usr/bin/env node
// Runs the logmon CLI (bin/logmon.js, with its V8 settings) in this process and, at exit,
// writes its peak RSS (KiB) to file descriptor 3, so that scripts/bench.mjs measures logmon
// itself rather than a wrapper.
import { writeSync } from "node:fs";

process.on("exit", () => {
  try {
    writeSync(3, `${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS })}\n`);
  } catch {
    // fd 3 is not open: run by hand.
  }
});
await import("../bin/logmon.js");
