// What serving HTTP costs reading: FILE replayed with `--replay --json` (and the FLAGs), in
// rounds of alternating order (ABBA: the machine's drift falls on both alike):
//   served:  with `--http 127.0.0.1:0` while a client in this process scrapes /metrics and asks
//            /api/v1/status every 100 ms;
//   alone:   without --http and without any client;
//   control (only with CONTROL=1): without --http, while the same client asks the same of a stub
//            server in this process (answers of the sizes logmon gave), so the client's own work
//            is there too. This VM often ran the control faster than the plain run (a busy client
//            keeps cores awake), so it told little, and it cost a third of the rounds.
// served/alone is the goal ("with --http and a scraping client within 5 % of without").
// Throughput is measured over the reading: from the first event on stdout to the summary (with
// --http the run then keeps serving; it is stopped). Starting up (loading prom-client, binding)
// is printed apart, as are the whole runs' time and CPU time (user + system, all threads, from
// /proc). Each cost is the median of the rounds' ratios, with their quartiles: this machine's
// speed drifts by ±10-20 % between runs, and runs close together share the drift; 11 rounds
// gave medians from -7 % to +11 % for the same code, 21 rounds stay within a few %. Prints one
// line; exits 1 when serving costs the reading more than 5 %.
//
//   node scripts/http-cost.mjs FILE [ROUNDS [FLAG …]]   (DEBUG=1: each round on stderr)
//
// FLAGs are given to every run (the bench measures the default flags, then --threads 2, then
// --no-run-stats).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { Agent, createServer, get } from "node:http";
import { BIN, median } from "./common.mjs";

const [file, runsText = "3", ...extra] = process.argv.slice(2);
const runs = Number(runsText);
const PATHS = ["/metrics", "/api/v1/status"];

/** Whether the control runs are wanted too (CONTROL=1). */
const CONTROL = process.env.CONTROL === "1";
const MODES = CONTROL ? ["alone", "control", "served"] : ["alone", "served"];

/** The bodies the stub gives, as long as logmon's last answers. */
const stubBodies = { "/metrics": "x".repeat(12_000), "/api/v1/status": "x".repeat(3_000) };
/** The stub server, only for the control runs (none otherwise: nothing listens in the bench). */
const stub = CONTROL
  ? createServer((req, res) => res.end(stubBodies[req.url] ?? "")).listen(0, "127.0.0.1")
  : null;
if (stub !== null) await new Promise((r) => stub.once("listening", r));
const stubBase = stub === null ? null : `http://127.0.0.1:${stub.address().port}`;

/**
 * Scrapes `base` every 100 ms until stopped, over kept-alive connections (as Prometheus does;
 * `fetch` took over twice the client's CPU time, which on two cores is taken from the replay);
 * counts answers, keeps their sizes.
 */
function scraper(base) {
  let answers = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: PATHS.length });
  const timer = setInterval(() => {
    for (const path of PATHS) {
      const req = get(`${base}${path}`, { agent }, (res) => {
        let length = 0;
        res.on("data", (d) => (length += d.length));
        res.on("end", () => {
          answers++;
          if (base !== stubBase && length > 0) stubBodies[path] = "x".repeat(length);
        });
        res.on("error", () => undefined);
      });
      req.on("error", () => undefined);
    }
  }, 100);
  return {
    stop: () => {
      clearInterval(timer);
      agent.destroy();
    },
    answers: () => answers,
  };
}

/** CPU seconds (user + system, all threads) process `pid` has used so far (Linux). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/**
 * Seconds from the start to the summary, seconds of reading (from the first event on stdout to
 * the summary: starting up is left out), CPU seconds by then, and how many scrapes were answered.
 */
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
    let first = 0n;
    child.stdout.on("data", (d) => {
      if (first === 0n) first = process.hrtime.bigint();
      const text = rest + d.toString();
      const at = text.lastIndexOf("\n");
      rest = at < 0 ? text : text.slice(at + 1);
      if (text.includes('{"v":1,"type":"summary"')) {
        const now = process.hrtime.bigint();
        const seconds = Number(now - started) / 1e9;
        const reading = Number(now - first) / 1e9;
        const cpu = cpuSeconds(child.pid);
        client?.stop();
        child.kill("SIGTERM");
        child.on("close", () =>
          resolve({ seconds, reading, cpu, scrapes: client?.answers() ?? 0 }),
        );
      }
    });
  });
}

const times = { alone: [], control: [], served: [] };
const cpus = { alone: [], control: [], served: [] };
const readings = { alone: [], control: [], served: [] };
let scrapes = 0;
for (let i = 0; i < runs; i++) {
  for (const mode of i % 2 === 0 ? MODES : [...MODES].reverse()) {
    const r = await run(mode);
    times[mode].push(r.seconds);
    cpus[mode].push(r.cpu);
    readings[mode].push(r.reading);
    if (mode === "served") scrapes = r.scrapes;
  }
}
stub?.close();
const ratios = (a, b, of = readings) => of[a].map((s, i) => s / of[b][i]).sort((x, y) => x - y);
const ratio = (a, b, of = readings) => median(ratios(a, b, of));
const lines = readFileSync(file, "utf8").split("\n").length - 1;
const rate = (mode) => Math.round(lines / median(readings[mode])).toLocaleString("en-US");
const pct = (r) => `${r >= 1 ? "+" : ""}${((r - 1) * 100).toFixed(1)} %`;
/** The first and third quartiles of the rounds' served/alone ratios, as "+1.0 … +6.0 %". */
const spread = () => {
  const r = ratios("served", "alone");
  const q = (f) => pct(r[Math.floor(f * (r.length - 1))]).slice(0, -2);
  return `half of the rounds ${q(0.25)} … ${q(0.75)} %`;
};
/** Median of what starting up took (to the first event on stdout) in `mode`, ms. */
const startup = (mode) => median(times[mode].map((s, i) => s - readings[mode][i])) * 1000;
if (process.env.DEBUG)
  console.error(
    times.alone
      .map((_, i) =>
        MODES.map((m) => `${readings[m][i].toFixed(2)}(${cpus[m][i].toFixed(2)})`).join("/"),
      )
      .join(" ") + `  (${MODES.join("/")}: reading (CPU) s)`,
  );
const cost = ratio("served", "alone");
console.log(
  `http (${extra.length > 0 ? extra.join(" ") : "default flags"}): ${lines.toLocaleString("en-US")} lines replayed with --http while scraped every 100 ms (${scrapes} answers): ` +
    `${rate("served")} lines/s; no client and no --http: ${rate("alone")} lines/s (serving ${pct(cost)}, ${spread()}; ` +
    `whole runs ${pct(ratio("served", "alone", times))}, CPU time ${pct(ratio("served", "alone", cpus))}); ` +
    (CONTROL
      ? `the same client scraping a stub instead: ${rate("control")} lines/s (${pct(ratio("served", "control"))}); `
      : "") +
    `starting up ${Math.round(startup("served"))} ms against ${Math.round(startup("alone"))} ms (medians of ${runs} rounds)`,
);
process.exitCode = cost > 1.05 ? 1 : 0;
