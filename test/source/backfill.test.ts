import { writeFileSync } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { backfillFrom, BACKFILL_SLACK_S, fromEnd } from "../../src/source/backfill.js";
import type { FirstOffset } from "../../src/source/follow/opened.js";
import { tempDir } from "./follow/harness.js";

/** Lines "t=<seconds> padding…"; the test's own timestamp format. */
const timeOf = (buf: Buffer, start: number, end: number): number => {
  const m = /^t=(\d+)/.exec(buf.toString("latin1", start, Math.min(end, start + 20)));
  return m === null ? NaN : Number(m[1]);
};

async function offsetIn(
  content: string,
  first: FirstOffset,
): Promise<{ offset: number; rest: string }> {
  const file = join(tempDir(), "access.log");
  writeFileSync(file, content);
  const handle = await open(file, "r");
  try {
    const size = (await handle.stat()).size;
    const offset = await first(handle, size);
    return { offset, rest: content.slice(offset) };
  } finally {
    await handle.close();
  }
}

function log(times: number[], pad = 40): string {
  return times.map((t) => `t=${t} ${"x".repeat(pad)}\n`).join("");
}

describe("backfill: start where the alert window begins", () => {
  it("starts at the first line within the window (plus slack) of the newest line", async () => {
    const times = Array.from({ length: 1001 }, (_, i) => i);
    const { rest } = await offsetIn(log(times), backfillFrom(120, timeOf));
    expect(rest.startsWith(`t=${1000 - 120 - BACKFILL_SLACK_S} `)).toBe(true);
    expect(rest.split("\n").length - 1).toBe(120 + BACKFILL_SLACK_S + 1);
  });

  it("works across many 64 KiB blocks and with lines that straddle them", async () => {
    const times = Array.from({ length: 30_000 }, (_, i) => Math.floor(i / 10));
    const { rest } = await offsetIn(log(times, 57), backfillFrom(300, timeOf));
    const first = 2999 - 300 - BACKFILL_SLACK_S;
    expect(rest.startsWith(`t=${first} `)).toBe(true);
    expect(rest.split("\n").length - 1).toBe((2999 - first + 1) * 10);
  });

  it("keeps slightly out-of-order lines, and a partial last line, in what it reads", async () => {
    const content = `${log([0, 50, 100, 200, 198, 199, 203, 201])}t=204 partial`;
    const { rest } = await offsetIn(content, backfillFrom(60, timeOf));
    expect(rest.startsWith("t=200 ")).toBe(true);
    expect(rest.endsWith("t=204 partial")).toBe(true);
  });

  it("reads everything when the file is shorter than the window or has no timestamps", async () => {
    expect((await offsetIn(log([10, 20, 30]), backfillFrom(120, timeOf))).offset).toBe(0);
    expect((await offsetIn("junk\nmore junk\n", backfillFrom(120, timeOf))).offset).toBe(0);
    expect((await offsetIn("", backfillFrom(120, timeOf))).offset).toBe(0);
  });

  it("skips unparsable lines while scanning back", async () => {
    const content = `${log([0, 1])}garbage\n${log([500])}junk\n${log([501])}`;
    const { rest } = await offsetIn(content, backfillFrom(100, timeOf));
    expect(rest).toBe(`garbage\n${log([500])}junk\n${log([501])}`);
  });
});

describe("--from-end: start after the last complete line", () => {
  it("starts at the end of a file that ends with a newline", async () => {
    const content = log([1, 2, 3]);
    expect((await offsetIn(content, fromEnd)).offset).toBe(content.length);
  });

  it("reads a line still being written whole", async () => {
    expect((await offsetIn(`${log([1, 2])}t=3 half`, fromEnd)).rest).toBe("t=3 half");
    expect((await offsetIn("no newline at all", fromEnd)).offset).toBe(0);
  });
});

describe("backfill: a long line does not make start-up quadratic", () => {
  it("a last line of 5 MB without a newline is passed over with bounded buffers", async () => {
    const file = join(tempDir(), "access.log");
    const head = log(Array.from({ length: 1001 }, (_, i) => i));
    writeFileSync(file, `${head}t=1000 ${"y".repeat(5 << 20)}`);
    const handle = await open(file, "r");
    let largest = 0;
    const watched = {
      read: (buf: Buffer, offset: number, length: number, position: number) => {
        largest = Math.max(largest, buf.length);
        return handle.read(buf, offset, length, position);
      },
    } as unknown as FileHandle;
    try {
      const offset = await backfillFrom(120, timeOf)(watched, (await handle.stat()).size);
      expect(head.slice(offset).startsWith(`t=${1000 - 120 - BACKFILL_SLACK_S} `)).toBe(true);
    } finally {
      await handle.close();
    }
    // Each step holds at most one block and one line's worth carried over, never what it passed.
    expect(largest).toBeLessThanOrEqual(3 * 64 * 1024);
  });
});
