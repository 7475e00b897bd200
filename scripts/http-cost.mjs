// What serving HTTP costs reading: FILE replayed with `--replay --json --threads 1`, once without
// and once with `--http 127.0.0.1:0` while a client scrapes /metrics and asks /api/v1/status
// every 100 ms. The time measured is from the start to the summary on stdout (with --http the
// run then keeps serving; it is stopped). Runs come in pairs, in alternating order, and the cost
// is the median of the pairs' ratios: this machine's speed drifts by ±10 % between runs, and a
// pair run back to back shares the drift. Prints one line; exits 1 above 5 %.
//
//   node scripts/http-cost.mjs FILE [PAIRS]     (DEBUG=1: each pair on stderr)
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { BIN, median } from "./common.mjs";

const [file, runsText = "3"] = process.argv.slice(2);
const runs = Number(runsText);

/** Seconds to the summary, and how many scrapes were answered. */
function run(http) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const args = [
      BIN,
      "--replay",
      "--json",
      "--threads",
      "1",
      file,
      ...(http ? ["--http", "127.0.0.1:0"] : []),
    ];
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let scrapes = 0;
    let timer = null;
    child.stderr.on("data", (d) => {
      const m = /serving (http:\/\/\S+?)\//.exec(d.toString());
      if (m === null || timer !== null) return;
      timer = setInterval(() => {
        for (const path of ["/metrics", "/api/v1/status"]) {
          fetch(`${m[1]}${path}`)
            .then((r) => r.text())
            .then(
              () => scrapes++,
              () => undefined,
            );
        }
      }, 100);
    });
    let rest = "";
    child.stdout.on("data", (d) => {
      const text = rest + d.toString();
      const at = text.lastIndexOf("\n");
      rest = at < 0 ? text : text.slice(at + 1);
      if (text.includes('{"v":1,"type":"summary"')) {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        clearInterval(timer);
        child.kill("SIGTERM");
        child.on("close", () => resolve({ seconds, scrapes }));
      }
    });
  });
}

const without = [];
const served = [];
const ratios = [];
let scrapes = 0;
for (let i = 0; i < runs; i++) {
  const first = i % 2 === 0 ? await run(false) : await run(true);
  const second = i % 2 === 0 ? await run(true) : await run(false);
  const [plain, r] = i % 2 === 0 ? [first, second] : [second, first];
  without.push(plain.seconds);
  served.push(r.seconds);
  ratios.push(r.seconds / plain.seconds);
  scrapes = r.scrapes;
}
const lines = readFileSync(file, "utf8").split("\n").length - 1;
const rate = (s) => Math.round(lines / s).toLocaleString("en-US");
const change = (median(ratios) - 1) * 100;
if (process.env.DEBUG)
  console.error(
    ratios
      .map((r, i) => `${without[i].toFixed(2)}/${served[i].toFixed(2)}=${r.toFixed(2)}`)
      .join(" "),
  );
console.log(
  `http: ${lines.toLocaleString("en-US")} lines replayed with --http while scraped every 100 ms (${scrapes} answers): ` +
    `${rate(median(served))} lines/s, without ${rate(median(without))} lines/s ` +
    `(${change >= 0 ? "+" : ""}${change.toFixed(1)} % time, median of ${runs} pairs)`,
);
process.exitCode = change > 5 ? 1 : 0;
