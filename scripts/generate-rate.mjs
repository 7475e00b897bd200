#!/usr/bin/env node
// Measures how accurately `logmon generate` paces its output: runs it with the given options
// (default --rate 200) and counts the lines received during the SECONDS after the first one
// arrives (so Node's start-up is not counted), next to the rate × seconds expected.
//
//   node scripts/generate-rate.mjs [--seconds 60] -- --rate 200 --speed 10
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const argv = process.argv.slice(2);
const split = argv.indexOf("--");
const own = split < 0 ? argv : argv.slice(0, split);
const args = split < 0 ? ["--rate", "200"] : argv.slice(split + 1);
const seconds = Number(own[own.indexOf("--seconds") + 1] ?? 60) || 60;
const rate = Number(args[args.indexOf("--rate") + 1] ?? 20);
const speed = args.includes("--speed") ? Number(args[args.indexOf("--speed") + 1]) : 1;
const bin = fileURLToPath(new URL("../bin/logmon.js", import.meta.url));
const child = spawn(process.execPath, [bin, "generate", ...args], {
  stdio: ["ignore", "pipe", "inherit"],
});
let first = null;
let lines = 0;
child.stdout.on("data", (chunk) => {
  const now = performance.now();
  if (first === null) first = now;
  if (now - first <= seconds * 1000) for (const byte of chunk) if (byte === 10) lines++;
  if (now - first > seconds * 1000) child.kill();
});
child.on("close", () => {
  const expected = rate * speed * seconds;
  const error = (100 * (lines - expected)) / expected;
  console.log(
    JSON.stringify({
      args: args.join(" "),
      seconds,
      expected,
      lines,
      error_percent: Math.round(error * 100) / 100,
    }),
  );
});
