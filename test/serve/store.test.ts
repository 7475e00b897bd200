import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { emptyRecord } from "../../src/core/types.js";
import { TapBatch } from "../../src/ingest/tap.js";
import { identityOf } from "../../src/source/identity.js";
import { LineStore } from "../../src/serve/store.js";
import { EntryRing } from "../../src/serve/entries.js";

const T0 = 1_800_000_000;

function filled(
  maxBytes: number,
  maxAgeS: number,
  lines: [number, string][],
  now: () => number | null = () => null,
) {
  const store = new LineStore(maxBytes, maxAgeS, now);
  const write = store.writer("web.log");
  for (const [t, text] of lines) {
    const b = Buffer.from(`..${text}..`);
    write.line(b, 2, b.length - 2, t);
  }
  write.flush();
  return store;
}

describe("the store of recent lines", () => {
  it("keeps lines with their time and input, and answers ranges and patterns in order", () => {
    const store = filled(1 << 20, 900, [
      [T0, "a 200"],
      [T0 + 1, "b 404"],
      [T0 + 2, "c 200"],
      [T0 + 1, "d 404 late"],
    ]);
    expect(store.query(T0 + 1, T0 + 3, null, 10, false).lines.map((l) => l.line)).toEqual([
      "b 404",
      "c 200",
      "d 404 late",
    ]);
    expect(store.query(-Infinity, Infinity, / 404/, 10, false).lines.map((l) => l.line)).toEqual([
      "b 404",
      "d 404 late",
    ]);
    expect(store.query(-Infinity, Infinity, null, 2, true)).toEqual({
      lines: [
        { time: T0 + 2, input: "web.log", line: "c 200" },
        { time: T0 + 1, input: "web.log", line: "d 404 late" },
      ],
      truncated: true,
      oldest: T0,
      gone: 0,
    });
    expect(store.query(-Infinity, Infinity, null, 1, false).lines.map((l) => l.line)).toEqual([
      "a 200",
    ]);
  });

  it("copies the lines of one chunk together, at its flush", () => {
    const store = new LineStore(1 << 20, 900, () => null);
    const write = store.writer("web.log");
    const chunk = Buffer.from("a 1\nbb 2\nccc 3\n");
    write.line(chunk, 0, 3, T0);
    write.line(chunk, 4, 8, T0 + 1);
    write.line(chunk, 9, 14, T0 + 2);
    expect(store.size).toBe(0);
    write.flush();
    chunk.fill(0x78);
    expect(store.query(-Infinity, Infinity, null, 10, false).lines.map((l) => l.line)).toEqual([
      "a 1",
      "bb 2",
      "ccc 3",
    ]);
    expect(store.bytes).toBe(12 + 3 * 26);
  });

  it("never holds more than its bound, dropping the oldest, through a million lines", () => {
    const bound = 1 << 20;
    const store = new LineStore(bound, 1e9, () => null);
    const write = store.writer("x");
    let most = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const b = Buffer.from(`line ${i} ${"x".repeat(i % 200)}`);
      write.line(b, 0, b.length, T0 + Math.floor(i / 1000));
      write.flush();
      if (i % 997 === 0) most = Math.max(most, store.bytes);
    }
    expect(most).toBeLessThanOrEqual(bound);
    const kept = store.query(-Infinity, Infinity, null, 10_000_000, false).lines;
    // The newest lines are kept, whole, and in order.
    const last = kept.at(-1)?.line ?? "";
    expect(last.startsWith("line 999999 ")).toBe(true);
    const numbers = kept.map((l) => Number(l.line.split(" ")[1]));
    expect(numbers).toEqual(numbers.map((_, k) => (numbers[0] ?? 0) + k));
    for (const l of kept) expect(l.line).toMatch(/^line (\d+) x*$/);
  });

  it("drops lines older than its age by log time, which a line stamped far ahead does not move", () => {
    let now = T0;
    const store = new LineStore(1 << 20, 60, () => now);
    const write = store.writer("x");
    const add = (t: number) => {
      const b = Buffer.from(`t${t - T0}`);
      for (let k = 0; k < 1024; k++) write.line(b, 0, b.length, t);
      write.flush();
    };
    add(T0);
    add(4_000_000_000);
    expect(store.size).toBe(2048);
    now = T0 + 61;
    add(T0 + 61);
    expect(store.query(-Infinity, Infinity, null, 1, false).lines[0]?.line).toBe(
      `t${4_000_000_000 - T0}`,
    );
  });
});

describe("lines of regular files, kept as offsets", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const fds = () => readdirSync("/proc/self/fd").length;

  function logFile(text: string) {
    const dir = mkdtempSync(join(tmpdir(), "logmon-store-"));
    dirs.push(dir);
    const path = join(dir, "access.log");
    writeFileSync(path, text);
    return path;
  }
  /** Stores every line of the file at `path` as read from it, with its offset. */
  function stored(
    path: string,
    store: LineStore,
    identity = identityOf(statSync(path)),
    from = T0,
  ) {
    const write = store.writer(path);
    const byOffset = write.file(path, identity);
    const buf = readFileSync(path);
    const batch = new TapBatch();
    const rec = emptyRecord();
    let start = 0;
    rec.time = from;
    for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, start)) {
      const end = buf[nl - 1] === 13 ? nl - 1 : nl;
      if (byOffset) batch.add(start, end - start, rec.time, rec.latencyMs);
      else write.line(buf, start, end, rec.time);
      rec.time++;
      start = nl + 1;
    }
    write.lines(batch);
    write.flush();
    return write;
  }
  const texts = (store: LineStore) =>
    store.query(-Infinity, Infinity, null, 100, false).lines.map((l) => l.line);

  it("copies nothing, reads them back, after a rotation too, never a rewritten file's bytes", () => {
    const path = logFile("a 1\nbb 2\r\nccc 3\n");
    const store = new LineStore(1 << 20, 900, () => null);
    stored(path, store);
    expect(store.bytes).toBe(3 * 26);
    expect(texts(store)).toEqual(["a 1", "bb 2", "ccc 3"]);
    // Rotated away and replaced: still read from the file they are in.
    renameSync(path, `${path}.1`);
    writeFileSync(path, "zzz 9\n");
    expect(texts(store)).toEqual(["a 1", "bb 2", "ccc 3"]);
    // That file truncated and written again: the lines are gone, not misread.
    writeFileSync(`${path}.1`, "x".repeat(40));
    const answer = store.query(-Infinity, Infinity, null, 100, false);
    expect(answer.lines).toEqual([]);
    expect(answer.gone).toBe(3);
  });

  it("keeps the newest lines of files larger than it holds, in order, across its end", () => {
    // 100 entries; files of 150, 70 and 1,000 lines, each handed over as one batch.
    const store = new LineStore(100 * 26, 1e9, () => null);
    const before = fds();
    const all: string[] = [];
    for (const n of [150, 70, 1000, 30]) {
      const text = Array.from({ length: n }, (_, i) => `${all.length + i} x`).join("\n");
      all.push(...text.split("\n"));
      stored(logFile(`${text}\n`), store).end();
      expect(store.size).toBe(Math.min(100, all.length));
      expect(texts(store)).toEqual(all.slice(-100));
    }
    // Only the files the newest 100 lie in (the last 70 of 1,000, then 30) are still held open.
    expect(fds()).toBe(before + 2);
    store.close();
  });

  it("copies the lines when the file at the path is not the one read", () => {
    const path = logFile("a 1\nbb 2\n");
    const store = new LineStore(1 << 20, 900, () => null);
    stored(path, store, "0:0:0");
    expect(store.bytes).toBe(7 + 2 * 26);
    unlinkSync(path);
    expect(texts(store)).toEqual(["a 1", "bb 2"]);
  });

  it("holds a file open only while a kept line points into it", () => {
    const before = fds();
    let now = T0;
    const store = new LineStore(1 << 20, 60, () => now);
    const write = stored(logFile("a 1\nbb 2\n"), store);
    expect(fds()).toBe(before + 1);
    write.end();
    expect(fds()).toBe(before + 1);
    // Lines of a newer file push the first one's out by age: it is closed, the new one held.
    now = T0 + 1000;
    const path = logFile("c 3\n");
    stored(path, store, identityOf(statSync(path)), now).end();
    expect(texts(store)).toEqual(["c 3"]);
    expect(fds()).toBe(before + 1);
    store.close();
    expect(fds()).toBe(before);
  });
});

describe("EntryRing", () => {
  it("keeps its entries in order through drops (one or several), wrapping, growth and a limit", () => {
    const ring = new EntryRing(300_000);
    const kept: number[] = [];
    let next = 0;
    let seed = 5;
    for (let step = 0; step < 400_000; step++) {
      seed = (seed * 48271) % 2147483647;
      if (seed % 3 === 0 && ring.count > 0) {
        ring.dropMany(1);
        kept.shift();
      } else if (seed % 7 === 0) {
        const n = Math.min(ring.count, seed % 13);
        ring.dropMany(n);
        kept.splice(0, n);
      } else if (ring.roomFor(1)) {
        ring.add(next, next % 1000, next * 2, next % 7, -1);
        kept.push(next++);
      }
    }
    const read = () =>
      Array.from({ length: ring.count }, (_, k) => ring.starts[ring.slot(k)] as number);
    expect(ring.count).toBe(kept.length);
    expect(read()).toEqual(kept);
    const k = Math.floor(ring.count / 2);
    expect([ring.lengths[ring.slot(k)], ring.times[ring.slot(k)]]).toEqual([
      (kept[k] as number) % 1000,
      (kept[k] as number) * 2,
    ]);
    while (ring.count > 1000) {
      ring.dropMany(1);
      kept.shift();
    }
    ring.limit(1000);
    expect(read()).toEqual(kept);
  });
});
