// What the HTTP server's store of recent lines costs per line by itself, apart from reading and
// parsing: 2 M lines of 170 bytes, 175 apart, as lines of FILE (which the store holds open, as it
// holds a replayed file), fed as parsing feeds them (an OffsetFeed of offset, length and time per
// line, handed over and flushed every 512 lines as after a chunk read), into a LineStore with
// the default bounds (50 MiB, 15 minutes), their times spread evenly over SPAN seconds of log
// time (the bench's 2 M-line log covers ~100,000 s). Five rounds in one process; prints the
// first (the store's rings growing, V8 compiling) and the median of the others, in ns per line,
// and as a share of REPLAY_NS when given (what a replay spends on a line: the bench passes its
// one-thread replay of FILE without the whole run).
//
//   node scripts/tap-work.mjs FILE [SPAN [REPLAY_NS]]
import { statSync } from "node:fs";
import { LineStore } from "../dist/serve/store.js";
import { OffsetFeed } from "../dist/ingest/tap.js";
import { identityOf } from "../dist/source/identity.js";
import { median } from "./common.mjs";

const [file, spanText = "100000", replayText] = process.argv.slice(2);
const span = Number(spanText);
const replayNs = replayText === undefined ? NaN : Number(replayText);
const LINES = 2_000_000;
const KEEP_BYTES = 50 * 1024 * 1024;
const KEEP_S = 15 * 60;

/** One round: ns per line stored, and the lines held at the end. */
function round() {
  let now = 0;
  const store = new LineStore(KEEP_BYTES, KEEP_S, () => now);
  const writer = store.writer(file);
  if (!writer.file(file, identityOf(statSync(file)))) throw new Error(`cannot keep ${file}`);
  const feed = new OffsetFeed(writer);
  const start = process.hrtime.bigint();
  let offset = 0;
  for (let i = 0; i < LINES; i++) {
    const time = 1_700_000_000 + (i * span) / LINES;
    feed.add(offset, 170, time, -1);
    offset += 175;
    if ((i & 511) === 511) {
      now = time;
      feed.flush();
    }
  }
  feed.flush();
  const ns = Number(process.hrtime.bigint() - start) / LINES;
  const held = store.size;
  writer.end();
  store.close();
  return { ns, held };
}

const rounds = Array.from({ length: 5 }, round);
const steady = median(rounds.slice(1).map((r) => r.ns));
console.log(
  `store's tap alone: ${steady.toFixed(1)} ns per line (first round ${rounds[0].ns.toFixed(1)} ns; ` +
    `${rounds[0].held.toLocaleString("en")} lines held of ${span.toLocaleString("en")} s)` +
    (Number.isNaN(replayNs)
      ? ""
      : `: ${((steady / replayNs) * 100).toFixed(1)} % of the ${Math.round(replayNs)} ns a ` +
        `one-thread replay without the whole run spends on a line`),
);
