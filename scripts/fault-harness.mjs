#!/usr/bin/env node
// Fault harness: logmon follows a pattern (`DIR/*.log`) while, at once,
//  - a writer appends RATE lines/s to x.log, renamed over x.log.1 every ROTATE s (freeing the old
//    .1's inode, which ext4 hands to the next new file) and reopened a moment later;
//  - a churn loop creates a new one-line file every CHURN ms, each deleted LIFE ms later
//    (thousands of short-lived files, inode numbers reused all the time).
// At the end every line written must have been counted: written = counted, or the harness exits 1.
//
//   node scripts/fault-harness.mjs [--seconds 60] [--rate 3000] [--rotate 2] [--churn 20] [--life 2000] [--poll]
import { spawn } from "node:child_process";
import {
  closeSync,
  mkdtempSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { BIN, clfStamp, lastSummary, sleep } from "./common.mjs";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    rate: { type: "string", default: "3000" },
    rotate: { type: "string", default: "2" },
    churn: { type: "string", default: "20" },
    life: { type: "string", default: "2000" },
    poll: { type: "boolean", default: false },
  },
});
const seconds = Number(values.seconds);
const rate = Number(values.rate);
const rotateMs = Number(values.rotate) * 1000;
const churnMs = Number(values.churn);
const lifeMs = Number(values.life);
const dir = mkdtempSync(join(tmpdir(), "logmon-faults-"));
const log = join(dir, "x.log");
const line = (i, section) =>
  `10.0.${(i >> 8) & 255}.${i & 255} - - [${clfStamp(new Date())}] "GET ${section}/${i} HTTP/1.1" 200 ${i % 5000}\n`;

writeFileSync(`${log}.1`, "");
let fd = openSync(log, "a");
const args = [BIN, "-f", join(dir, "*.log"), "--json", "--from-start", "-i", "10s", "-m", "1e9"];
if (values.poll) args.push("--poll");
const logmon = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
let out = "";
logmon.stdout.on("data", (d) => (out += d));
const exited = new Promise((resolve) => logmon.on("close", resolve));
await sleep(500);

let written = 0;
let rotations = 0;
let churned = 0;
let reused = 0;
const freed = new Set();
const alive = [];
const started = Date.now();
let nextRotation = started + rotateMs;
let reopenAt = null;
let nextChurn = started;
while (Date.now() - started < seconds * 1000) {
  const now = Date.now();
  // The writer: this tick's share of RATE lines/s.
  const due = Math.floor(((now - started) / 1000) * rate) - written + churned;
  let chunk = "";
  for (let k = 0; k < due; k++) chunk += line(written - churned + k, "/x");
  if (chunk !== "") writeSync(fd, chunk);
  written += due;
  if (reopenAt === null && now >= nextRotation) {
    freed.add(statSync(`${log}.1`).ino);
    renameSync(log, `${log}.1`);
    rotations++;
    reopenAt = now + 50;
  }
  if (reopenAt !== null && now >= reopenAt) {
    closeSync(fd);
    fd = openSync(log, "a");
    if (freed.has(statSync(log).ino)) reused++;
    reopenAt = null;
    nextRotation = now + rotateMs;
  }
  // The churn: short-lived one-line files, created and deleted.
  while (nextChurn <= now) {
    const file = join(dir, `churn-${churned}.log`);
    writeFileSync(file, line(churned, "/churn"));
    if (freed.has(statSync(file).ino)) reused++;
    alive.push({ file, until: now + lifeMs });
    churned++;
    written++;
    nextChurn += churnMs;
  }
  while (alive.length > 0 && alive[0].until <= now) {
    const { file } = alive.shift();
    freed.add(statSync(file).ino);
    unlinkSync(file);
  }
  await sleep(10);
}
closeSync(fd);
await sleep(3000);
logmon.kill("SIGTERM");
const code = await exited;
const summary = lastSummary(out);
const counted = summary?.totals.lines.read ?? 0;
const source = summary?.totals.source ?? {};
console.log(
  JSON.stringify({
    seconds,
    rate,
    poll: values.poll,
    written,
    counted,
    rotations,
    churned_files: churned,
    inode_numbers_reused: reused,
    gaps: source.gaps,
    exit: code,
  }),
);
process.exit(written === counted && code === 143 ? 0 : 1);
