#!/usr/bin/env node
// Runs the logmon CLI in this process and, at exit, writes its peak RSS (KiB) to file
// descriptor 3, so that scripts/bench.mjs measures logmon itself rather than a wrapper.
import { writeSync } from "node:fs";
import { main } from "../dist/cli/main.js";

process.on("exit", () => {
  try {
    writeSync(3, `${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS })}\n`);
  } catch {
    // fd 3 is not open: run by hand.
  }
});
void main(["node", "logmon", ...process.argv.slice(2)]);
