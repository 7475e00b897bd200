// What notifications cost the monitor: a replay through a rule that alerts often, once without
// channels and once with a webhook that never answers (a real HTTP server on 127.0.0.1 that
// accepts every request and never replies). The time measured is from the start to the last
// report on stdout: the monitor's work. Deliveries under way are waited for after it (20 s at
// most), which is not the monitor being slowed. Prints one line; exits 1 above 5 %.
//
//   node scripts/notify-cost.mjs FILE [RUNS]
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, median } from "./common.mjs";

const [file, runsText = "3"] = process.argv.slice(2);
const runs = Number(runsText);
const server = createServer(() => undefined);
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${server.address().port}/dead`;
const dir = mkdtempSync(join(tmpdir(), "logmon-notify-cost-"));
// The generator's 4xx and 5xx share hovers around 8 % over 10 s: an alert every few minutes.
const rule =
  "rules:\n  - { name: flappy, kind: ratio, match: { status: [4xx, 5xx] }, max: 0.08, min_hits: 10, window: 10s }\n";
const plain = join(dir, "plain.yaml");
const dead = join(dir, "dead.yaml");
writeFileSync(plain, `high_traffic: false\n${rule}`);
writeFileSync(
  dead,
  `high_traffic: false\n${rule}notify:\n  dead: { kind: webhook, url: "${url}" }\n`,
);

/** Seconds from the start to the last report line, and how many alerts came out. */
function run(config) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [BIN, "--replay", "--json", "--config", config, file], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    let lastReport = started;
    let alerts = 0;
    let rest = "";
    child.stdout.on("data", (d) => {
      const lines = (rest + d.toString()).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) {
        if (line.startsWith('{"v":1,"type":"report"')) lastReport = process.hrtime.bigint();
        else if (line.startsWith('{"v":1,"type":"alert"')) alerts++;
      }
    });
    child.on("close", () => resolve({ seconds: Number(lastReport - started) / 1e9, alerts }));
  });
}

const without = [];
const withDead = [];
let alerts = 0;
for (let i = 0; i < runs; i++) {
  without.push((await run(plain)).seconds);
  const r = await run(dead);
  withDead.push(r.seconds);
  alerts = r.alerts;
}
server.closeAllConnections();
server.close();
const lines = Number((await import("node:fs")).readFileSync(file, "utf8").split("\n").length - 1);
const rate = (s) => Math.round(lines / s).toLocaleString("en-US");
const change = ((median(withDead) - median(without)) / median(without)) * 100;
console.log(
  `notify: ${lines.toLocaleString("en-US")} lines with ${alerts} alerts to a webhook that never answers: ` +
    `${rate(median(withDead))} lines/s, without channels ${rate(median(without))} lines/s ` +
    `(${change >= 0 ? "+" : ""}${change.toFixed(1)} % time, median of ${runs})`,
);
process.exitCode = change > 5 ? 1 : 0;
