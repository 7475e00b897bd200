import { afterEach, describe, expect, it } from "vitest";
import { LineStore } from "../../src/serve/store.js";
import { scanLines, scanNow } from "../../src/serve/scan.js";
import { POLL, serving, type Serving } from "./http-run.js";

const T0 = 1_800_000_000;

/** A store of `n` copied lines "line <i> GET /x", stamped T0 + i, within `maxBytes`. */
function stored(n: number, maxBytes = 64 << 20): LineStore {
  const store = new LineStore(maxBytes, 1e9, () => null);
  append(store, 0, n);
  return store;
}

/** Adds lines `from` to `to` - 1, as `stored` does. */
function append(store: LineStore, from: number, to: number): void {
  const write = store.writer("web.log");
  for (let i = from; i < to; i++) {
    const b = Buffer.from(`line ${i} GET /x`);
    write.line(b, 0, b.length, T0 + i);
  }
  write.flush();
}

const numbers = (lines: { line: string }[]) => lines.map((l) => Number(l.line.split(" ")[1]));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe("a scan of the stored lines", () => {
  it("pauses between slices of work and answers what a scan at once answers", () => {
    const store = stored(60_000);
    const scan = scanLines(store, T0 + 10, T0 + 50_000, /^line 1234\d GET/, 5, true);
    let pauses = 0;
    let step = scan.next();
    for (; step.done !== true; step = scan.next()) pauses++;
    expect(pauses).toBeGreaterThan(10);
    expect(step.value).toEqual(store.query(T0 + 10, T0 + 50_000, /^line 1234\d GET/, 5, true));
    expect(numbers(step.value.lines)).toEqual(range(12_345, 12_350));
    expect(step.value.truncated).toBe(true);
  });

  it("passes over the lines dropped while it pauses, and ends at them newest first", () => {
    // 1 MiB holds 8,065 entries: 4,000 more lines drop the oldest 3,935.
    const store = stored(8_000, 1 << 20);
    const oldestFirst = scanLines(store, -Infinity, Infinity, null, 100_000, false);
    const newestFirst = scanLines(store, -Infinity, Infinity, null, 100_000, true);
    expect(oldestFirst.next().done).toBe(false);
    expect(newestFirst.next().done).toBe(false);
    append(store, 8_000, 12_000);
    const held = numbers(store.query(-Infinity, Infinity, null, 1, false).lines)[0] as number;
    expect(held).toBe(12_000 - 8_065);

    const first = scanNow(oldestFirst);
    const got = numbers(first.lines);
    const before = got.filter((n) => n < held);
    expect(before.length).toBeGreaterThan(0);
    expect(before).toEqual(range(0, before.length));
    // Then the lines still held that were there when it began; none twice, none added since.
    expect(got.slice(before.length)).toEqual(range(held, 8_000));
    expect(first.oldest).toBe(T0 + held);

    const last = scanNow(newestFirst);
    const tail = numbers(last.lines);
    expect(tail.at(-1)).toBe(7_999);
    expect(tail).toEqual(range(tail[0] as number, 8_000));
    expect(tail[0]).toBeGreaterThanOrEqual(held);
  });
});

describe("the API's scans and reading", () => {
  let s: Serving | null = null;
  afterEach(() => s?.run.proc.kill("SIGKILL"));

  /** CLF lines stamped from `start` (epoch s), one per 10 ms of log time. */
  function clf(from: number, count: number, start: number): string {
    const out: string[] = [];
    for (let i = from; i < from + count; i++) {
      const t = new Date((start + i / 100) * 1000).toISOString();
      const stamp = `${t.slice(8, 10)}/Jan/2026:${t.slice(11, 19)} +0000`;
      out.push(`10.0.${i % 200}.1 - - [${stamp}] "GET /page/${i} HTTP/1.1" 200 512\n`);
    }
    return out.join("");
  }

  it("go on reading while a pattern that backtracks scans a full store, one query at a time", async () => {
    s = await serving(["-", "--json", "--keep-for", "1d", "--keep-lines", "200MiB"]);
    const served = s;
    const start = Date.UTC(2026, 0, 1) / 1000;
    served.run.proc.stdin?.write(clf(0, 200_000, start));
    const read = async () =>
      ((await served.get("/api/v1/status")).body as { totals: { lines: { read: number } } }).totals
        .lines.read;
    await expect.poll(read, POLL).toBe(200_000);

    // Each of the 200,000 lines makes the usual engine backtrack a thousand times, then the
    // linear one take over: seconds of work, done a slice per turn of the event loop.
    const evil = `/api/v1/lines?match=${encodeURIComponent('^([^"]+ ?)+"{3}')}`;
    let answered = false;
    // Still pending when the test ends and logmon is killed: its failure is expected.
    void served.get(evil).then(
      () => (answered = true),
      () => undefined,
    );
    const later = start + 7200;
    served.run.proc.stdin?.write(clf(0, 1_000, later));
    const logTime = async () =>
      ((await served.get("/api/v1/status")).body as { log_time: string }).log_time;
    await expect
      .poll(logTime, POLL)
      .toBe(new Date((later + 9) * 1000).toISOString().slice(0, 19) + "Z");
    expect(answered).toBe(false);

    // One scan runs, sixteen wait; more are told to come back.
    const more = Array.from({ length: 20 }, () => served.get(evil).catch(() => null));
    const busy = await Promise.race(
      more.map((p) => p.then((r) => (r?.status === 503 ? r : new Promise(() => undefined)))),
    );
    expect(busy).toMatchObject({ status: 503 });
    expect((busy as { body: { error: string } }).body.error).toMatch(/too many queries/);
  });
});
