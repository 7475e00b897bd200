// What serving HTTP costs reading, in work done rather than time: FILE replayed with
// `--replay --json` (and the FLAGs) under valgrind's callgrind, which counts the instructions
// every thread executes, once plain and once with `--http` while a client asks /metrics and
// /api/v1/status every 60,000 lines read (what 100 ms holds at ~600 k lines/s, the scraping of
// http-cost.mjs), the two runs side by side. Counted work does not drift with the machine's
// speed as time does (±10–15 % between runs here), so it tells a 3 % cost from a 6 % one in one
// pair of runs; it cannot see what costs time without instructions (cache misses, waiting).
// Prints one line; exits 0 (the gate is http-cost.mjs's), 1 when valgrind is missing or fails.
//
//   node scripts/http-work.mjs FILE [FLAG …]
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN } from "./common.mjs";

const [file, ...extra] = process.argv.slice(2);
/** Lines read between two scrapes. */
const EVERY = 60_000;
const PATHS = ["/metrics", "/api/v1/status"];

if (spawnSync("valgrind", ["--version"]).status !== 0) {
  console.log("http work: valgrind is not installed (Debian package valgrind); not measured");
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), "logmon-work-"));

/** Instructions the run executed (all threads), and the answers the client got. */
function counted(served) {
  return new Promise((resolve, reject) => {
    const out = join(dir, served ? "served" : "plain");
    const args = [
      "--tool=callgrind",
      `--callgrind-out-file=${out}`,
      process.execPath,
      BIN,
      "--replay",
      "--json",
      ...extra,
      file,
      ...(served ? ["--http", "127.0.0.1:0"] : []),
    ];
    const child = spawn("valgrind", args, { stdio: ["ignore", "pipe", "pipe"] });
    let base = null;
    let lines = 0;
    let answers = 0;
    let rest = "";
    child.stderr.on("data", (d) => {
      base ??= /serving (http:\/\/\S+?)\//.exec(d.toString())?.[1] ?? null;
    });
    child.stdout.on("data", (d) => {
      const text = rest + d.toString();
      const at = text.lastIndexOf("\n");
      rest = text.slice(at + 1);
      for (const line of text.slice(0, at + 1).split("\n")) {
        const hits = /^\{"v":1,"type":"report",.*?"hits":(\d+)/.exec(line)?.[1];
        if (hits !== undefined) {
          const before = Math.floor(lines / EVERY);
          lines += Number(hits);
          if (served && base !== null && Math.floor(lines / EVERY) > before) {
            for (const path of PATHS) {
              fetch(`${base}${path}`)
                .then((r) => r.text())
                .then(
                  () => answers++,
                  () => undefined,
                );
            }
          }
        }
        // With --http the run keeps serving once the input ended: stopped (a moment for the
        // last answers), it writes its counts as it exits.
        if (line.includes('"type":"summary"')) setTimeout(() => child.kill("SIGTERM"), 500);
      }
    });
    child.on("close", () => {
      try {
        const summary = /^summary: (\d+)/m.exec(readFileSync(out, "utf8"));
        resolve({ instructions: Number(summary[1]), answers });
      } catch (err) {
        reject(err);
      }
    });
  });
}

try {
  const [plain, served] = await Promise.all([counted(false), counted(true)]);
  const cost = served.instructions / plain.instructions - 1;
  console.log(
    `http work (${extra.length > 0 ? extra.join(" ") : "default flags"}): instructions counted by callgrind, ` +
      `${(plain.instructions / 1e9).toFixed(2)} G plain, ${(served.instructions / 1e9).toFixed(2)} G with --http ` +
      `scraped every ${EVERY.toLocaleString("en-US")} lines (${served.answers} answers): serving ${cost >= 0 ? "+" : ""}${(cost * 100).toFixed(1)} %`,
  );
} catch (err) {
  console.log(`http work: callgrind failed: ${err.message}`);
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
