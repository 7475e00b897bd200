#!/usr/bin/env node
// CPU of following FILES files through a pattern, with file-system events: a writer appends
// RATE lines/s spread over the files, and one file is rotated (renamed to .1, recreated) every
// second. Prints {files, seconds, cpuPercent, written, counted} (CPU as % of one core, from /proc).
//
//   node scripts/follow-cpu.mjs [--files 100] [--seconds 20] [--rate 2000] [--poll]
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { BIN, lastSummary, sleep } from "./common.mjs";

const { values } = parseArgs({
  options: {
    files: { type: "string", default: "100" },
    seconds: { type: "string", default: "20" },
    rate: { type: "string", default: "2000" },
    poll: { type: "boolean", default: false },
  },
});
const files = Number(values.files);
const seconds = Number(values.seconds);
const rate = Number(values.rate);
const dir = mkdtempSync(join(tmpdir(), "logmon-cpu-"));
const line = (i) =>
  `10.0.0.${i % 250} - - [21/Nov/2026:08:00:00 +0000] "GET /s/${i} HTTP/1.1" 200 ${i % 999}\n`;
const path = (k) => join(dir, `site${k}.log`);
for (let k = 0; k < files; k++) writeFileSync(path(k), "");

const args = [BIN, "-f", join(dir, "*.log"), "--json", "--from-start", "-m", "1e9"];
if (values.poll) args.push("--poll");
const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "ignore"] });
let out = "";
child.stdout.on("data", (d) => (out += d));
const closed = new Promise((r) => child.on("close", r));
const ticks = () => {
  const f = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1].split(" ");
  return Number(f[11]) + Number(f[12]);
};
await sleep(3000);

const before = ticks();
const started = Date.now();
let written = 0;
let nextRotation = started + 1000;
let rotated = 0;
while (Date.now() - started < seconds * 1000) {
  const due = Math.floor(((Date.now() - started) / 1000) * rate) - written;
  for (let k = 0; k < due; k++) appendFileSync(path((written + k) % files), line(written + k));
  written += due;
  if (Date.now() >= nextRotation) {
    const k = rotated++ % files;
    renameSync(path(k), `${path(k)}.1`);
    writeFileSync(path(k), "");
    nextRotation += 1000;
  }
  await sleep(10);
}
const elapsed = (Date.now() - started) / 1000;
const after = ticks();
await sleep(2000);
child.kill("SIGTERM");
await closed;
const hz = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout) || 100;
const summary = lastSummary(out);
console.log(
  JSON.stringify({
    files,
    seconds: Math.round(elapsed),
    rate,
    poll: values.poll,
    cpuPercent: Math.round(((after - before) / hz / elapsed) * 1000) / 10,
    written,
    counted: summary?.totals.lines.read ?? 0,
  }),
);
