import { describe, expect, it } from "vitest";
import { LineStore } from "../../src/serve/store.js";

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
    expect(store.bytes).toBe(12 + 3 * 20);
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
