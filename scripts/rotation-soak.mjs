#!/usr/bin/env node
// Rotation soak: a writer appends ~RATE lines/s to access.log while, every ROTATE_S seconds,
// the log is renamed to access.log.1 and the writer reopens a new access.log a moment later
// (as nginx does after logrotate's USR1), so some lines land in the renamed file. logmon follows
// the log in a separate process; at the end, lines written must equal lines counted.
//
//   node scripts/rotation-soak.mjs [--seconds 60] [--rate 5000] [--rotate 2] [--poll]
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, renameSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { BIN, clfStamp, lastSummary, sleep } from "./common.mjs";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    rate: { type: "string", default: "5000" },
    rotate: { type: "string", default: "2" },
    poll: { type: "boolean", default: false },
  },
});
const seconds = Number(values.seconds);
const rate = Number(values.rate);
const rotateMs = Number(values.rotate) * 1000;
const dir = mkdtempSync(join(tmpdir(), "logmon-soak-"));
const log = join(dir, "access.log");

let fd = openSync(log, "a");
const args = [BIN, "-f", log, "--json", "--from-start", "-i", "10s", "-m", "1000000"];
if (values.poll) args.push("--poll");
const logmon = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
let out = "";
logmon.stdout.on("data", (d) => (out += d));
const exited = new Promise((resolve) => logmon.on("close", resolve));
await sleep(500);

let written = 0;
let rotations = 0;
const started = Date.now();
let nextRotation = started + rotateMs;
let reopenAt = null;
while (Date.now() - started < seconds * 1000) {
  const due = Math.floor(((Date.now() - started) / 1000) * rate) - written;
  if (due > 0) {
    const now = clfStamp(new Date());
    let batch = "";
    for (let i = 0; i < due; i++) {
      batch += `10.0.${written % 250}.${i % 250} - - [${now}] "GET /s${written % 40}/p?id=${written} HTTP/1.1" 200 ${written % 9000} "-" "soak"\n`;
      written++;
    }
    writeSync(fd, batch);
  }
  const now = Date.now();
  if (now >= nextRotation) {
    renameSync(log, `${log}.1`);
    rotations++;
    nextRotation += rotateMs;
    reopenAt = now + 150;
  }
  if (reopenAt !== null && now >= reopenAt) {
    closeSync(fd);
    fd = openSync(log, "a");
    reopenAt = null;
  }
  await sleep(10);
}
closeSync(fd);
const elapsed = (Date.now() - started) / 1000;
await sleep(7000);
logmon.kill("SIGINT");
const status = await exited;
const summary = lastSummary(out);
const counted = summary.totals.lines.read;
const result = {
  mode: values.poll ? "poll" : "watch",
  seconds: Math.round(elapsed * 10) / 10,
  written,
  counted,
  parsed: summary.totals.lines.parsed,
  lines_per_s: Math.round(written / elapsed),
  rotations_done: rotations,
  rotations_seen: summary.totals.source.rotations,
  gaps: summary.totals.source.gaps,
  exit_status: status,
  ok: written === counted && summary.totals.lines.parsed === written,
};
console.log(JSON.stringify(result));
process.exitCode = result.ok ? 0 : 1;
