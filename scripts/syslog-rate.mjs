// Syslog receiving rate: a real logmon listening on tcp://127.0.0.1 (one process, one core for
// everything it does) gets every line of FILE as an octet-counted RFC 3164 frame, the way nginx
// and rsyslog send them, from a sender in another process over one connection. The rate is the
// lines counted by the last report before the end divided by the time from the connection to
// that report; "no loss" is the summary counting every frame sent. Prints one line; exits 1 on
// any loss or below 200,000 messages/s.
//
//   node scripts/syslog-rate.mjs FILE [FLAG …]      (FLAGs go to logmon: --no-run-stats)
import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { connect } from "node:net";
import { BIN, lastSummary } from "./common.mjs";

const [file, child, ...rest] = process.argv.slice(2);
const flags = child === undefined ? [] : [child, ...rest];

if (child === "--send") {
  // The sender (a child process): frames FILE's lines and writes them to the port on stdin.
  const port = Number(process.argv[4]);
  const socket = connect(port, "127.0.0.1");
  await new Promise((resolve) => socket.on("connect", resolve));
  const header = Buffer.from("<190>Dec  1 10:00:00 bench nginx: ");
  let carry = Buffer.alloc(0);
  let sent = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const parts = [];
    let start = 0;
    for (;;) {
      const nl = data.indexOf(10, start);
      if (nl < 0) break;
      const length = header.length + nl - start;
      parts.push(Buffer.from(`${length} `), header, data.subarray(start, nl));
      sent++;
      start = nl + 1;
    }
    carry = Buffer.from(data.subarray(start));
    if (!socket.write(Buffer.concat(parts)))
      await new Promise((resolve) => socket.once("drain", resolve));
  }
  await new Promise((resolve) => socket.end(resolve));
  process.stdout.write(`${sent}\n`);
  process.exit(0);
}

const logmon = spawn(
  process.execPath,
  [BIN, "--listen", "tcp://127.0.0.1:0", "--json", "-i", "10s", "--idle-exit", "2s", ...flags],
  { stdio: ["ignore", "pipe", "pipe"] },
);
let stderr = "";
let stdout = "";
let all = "";
let started = 0n;
let lastReport = { at: 0n, read: 0 };
logmon.stdout.on("data", (d) => {
  stdout += d.toString();
  const lines = stdout.split("\n");
  for (const line of lines.slice(0, -1)) {
    if (!line.includes('"type":"report"')) continue;
    lastReport = { at: process.hrtime.bigint(), read: JSON.parse(line).totals.lines.read };
  }
  stdout = lines.at(-1) ?? "";
  all += lines.slice(0, -1).join("\n") + "\n";
});
const port = await new Promise((resolve) => {
  logmon.stderr.on("data", (d) => {
    stderr += d.toString();
    const m = /listening on tcp:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
    if (m !== null) resolve(Number(m[1]));
  });
});
started = process.hrtime.bigint();
const sender = spawn(
  process.execPath,
  [new URL(import.meta.url).pathname, file, "--send", String(port)],
  {
    stdio: ["ignore", "pipe", "inherit"],
  },
);
let sentText = "";
sender.stdout.on("data", (d) => (sentText += d.toString()));
await new Promise((resolve) => sender.on("close", resolve));
// Reports that come at the end (the idle exit, the summary) are not the receiving rate.
const counted = { ...lastReport };
await new Promise((resolve) => logmon.on("close", resolve));
const sent = Number(sentText.trim());
const summary = lastSummary(all);
const received = summary?.totals.lines.read ?? 0;
const seconds = Number(counted.at - started) / 1e9;
const rate = Math.round(counted.read / seconds);
console.log(
  `syslog (${flags.length > 0 ? flags.join(" ") : "default flags"}): ${sent.toLocaleString("en-US")} octet-counted messages over TCP on loopback, ${rate.toLocaleString("en-US")} messages/s received and parsed on one core; ${received === sent ? "no loss" : `${(sent - received).toLocaleString("en-US")} LOST`} (${received.toLocaleString("en-US")} counted)`,
);
process.exit(received === sent && rate >= 200_000 ? 0 : 1);
