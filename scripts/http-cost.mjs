// What serving HTTP costs reading: FILE replayed with `--replay --json` (and the FLAGs) in three
// ways, in rounds of alternating order:
//   served:  with `--http 127.0.0.1:0` while a client in this process scrapes /metrics and asks
//            /api/v1/status every 100 ms;
//   control: without --http, while the same client asks the same of a stub server in this
//            process (answers of the sizes logmon gave), so the client's own work is there too;
//   alone:   without --http and without any client.
// served/control is what logmon's serving costs; served/alone also counts what running a busy
// client beside it costs on this machine (on 2 cores it competes with the collector's threads).
// The time measured is from the start to the summary on stdout (with --http the run then keeps
// serving; it is stopped). Each cost is the median of the rounds' ratios: this machine's speed
// drifts by ±10 % between runs, and runs close together share the drift. Prints one line;
// exits 1 when serving costs more than 5 %.
//
//   node scripts/http-cost.mjs FILE [ROUNDS [FLAG …]]   (DEBUG=1: each round on stderr)
//
// FLAGs are given to every run (the bench measures the default flags, then --threads 1, then
// --no-run-stats).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { BIN, median } from "./common.mjs";

const [file, runsText = "3", ...extra] = process.argv.slice(2);
const runs = Number(runsText);
const PATHS = ["/metrics", "/api/v1/status"];

/** The bodies the stub gives, as long as logmon's last answers. */
const stubBodies = { "/metrics": "x".repeat(12_000), "/api/v1/status": "x".repeat(3_000) };
const stub = createServer((req, res) => res.end(stubBodies[req.url] ?? "")).listen(0, "127.0.0.1");
await new Promise((r) => stub.once("listening", r));
const stubBase = `http://127.0.0.1:${stub.address().port}`;

/** Scrapes `base` every 100 ms until stopped; counts answers, keeps their sizes. */
function scraper(base) {
  let answers = 0;
  const timer = setInterval(() => {
    for (const path of PATHS) {
      fetch(`${base}${path}`)
        .then((r) => r.text())
        .then(
          (text) => {
            answers++;
            if (base !== stubBase && text.length > 0) stubBodies[path] = "x".repeat(text.length);
          },
          () => undefined,
        );
    }
  }, 100);
  return { stop: () => clearInterval(timer), answers: () => answers };
}

/** Seconds to the summary, and how many scrapes were answered. */
function run(mode) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const args = [BIN, "--replay", "--json", ...extra, file];
    if (mode === "served") args.push("--http", "127.0.0.1:0");
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let client = mode === "control" ? scraper(stubBase) : null;
    child.stderr.on("data", (d) => {
      const m = /serving (http:\/\/\S+?)\//.exec(d.toString());
      if (m !== null && client === null && mode === "served") client = scraper(m[1]);
    });
    let rest = "";
    child.stdout.on("data", (d) => {
      const text = rest + d.toString();
      const at = text.lastIndexOf("\n");
      rest = at < 0 ? text : text.slice(at + 1);
      if (text.includes('{"v":1,"type":"summary"')) {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        client?.stop();
        child.kill("SIGTERM");
        child.on("close", () => resolve({ seconds, scrapes: client?.answers() ?? 0 }));
      }
    });
  });
}

const MODES = ["alone", "control", "served"];
const times = { alone: [], control: [], served: [] };
let scrapes = 0;
for (let i = 0; i < runs; i++) {
  for (const mode of i % 2 === 0 ? MODES : [...MODES].reverse()) {
    const r = await run(mode);
    times[mode].push(r.seconds);
    if (mode === "served") scrapes = r.scrapes;
  }
}
stub.close();
const ratio = (a, b) => median(times[a].map((s, i) => s / times[b][i]));
const lines = readFileSync(file, "utf8").split("\n").length - 1;
const rate = (mode) => Math.round(lines / median(times[mode])).toLocaleString("en-US");
const pct = (r) => `${r >= 1 ? "+" : ""}${((r - 1) * 100).toFixed(1)} %`;
if (process.env.DEBUG)
  console.error(
    times.alone.map((_, i) => MODES.map((m) => times[m][i].toFixed(2)).join("/")).join(" ") +
      "  (alone/control/served)",
  );
const cost = ratio("served", "control");
console.log(
  `http (${extra.length > 0 ? extra.join(" ") : "default flags"}): ${lines.toLocaleString("en-US")} lines replayed with --http while scraped every 100 ms (${scrapes} answers): ` +
    `${rate("served")} lines/s; the same client scraping a stub instead: ${rate("control")} lines/s ` +
    `(serving ${pct(cost)}); no client and no --http: ${rate("alone")} lines/s ` +
    `(${pct(ratio("served", "alone"))} in all; medians of ${runs} rounds)`,
);
process.exitCode = cost > 1.05 ? 1 : 0;
