import { appendFileSync, openSync, writeSync, closeSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectLines, followers, MODES, tempDir } from "./harness.js";

describe.each(MODES)("following what writers really write (%s)", (mode) => {
  const start = followers(mode);

  it("a partial last line completed later is exactly one line", async () => {
    const log = join(tempDir(), "access.log");
    writeFileSync(log, "line 1\nline ");
    const run = await start([log]);
    await expectLines(run.got, 1);
    expect(run.got.sinks[0]?.pendingBytes).toBe(5);
    appendFileSync(log, "2\n");
    await expectLines(run.got, 2);
  });

  it("a slow writer, one byte at a time, multi-byte UTF-8 split across reads", async () => {
    const log = join(tempDir(), "access.log");
    writeFileSync(log, "");
    const run = await start([log]);
    const text = Buffer.from("GET /café/ünïcødé ✓ 🚀\nsecond line\n");
    const fd = openSync(log, "a");
    for (let i = 0; i < text.length; i++) {
      writeSync(fd, text.subarray(i, i + 1));
      const before = run.got.pushes;
      await run.follower.check();
      expect(run.got.pushes).toBe(before + 1);
    }
    closeSync(fd);
    expect(run.got.lines).toEqual(["GET /café/ünïcødé ✓ 🚀", "second line"]);
  });

  it("CRLF endings, invalid UTF-8 and binary garbage are lines like any other", async () => {
    const log = join(tempDir(), "access.log");
    const garbage = Buffer.from([0xff, 0xfe, 0x80, 0x0a, 0x01, 0x02, 0x1b, 0x5b, 0x32, 0x4a, 0x0a]);
    writeFileSync(log, Buffer.concat([Buffer.from("a\r\nb\r\n"), garbage, Buffer.from("c\n")]));
    const run = await start([log]);
    await expect.poll(() => run.got.lines.length, { timeout: 5000 }).toBe(5);
    expect(run.got.lines[0]).toBe("a");
    expect(run.got.lines[1]).toBe("b");
    expect(run.got.lines[2]).toBe("\ufffd\ufffd\ufffd");
    expect(run.got.lines[4]).toBe("c");
  });

  it("a 10 MB line without newline is dropped as oversize, memory stays bounded, following goes on", async () => {
    const log = join(tempDir(), "access.log");
    writeFileSync(log, "line 1\n");
    const run = await start([log]);
    await expectLines(run.got, 1);
    appendFileSync(log, Buffer.alloc(10 * 1024 * 1024, 0x61));
    await expect.poll(() => run.got.oversize, { timeout: 10_000 }).toBe(1);
    expect(run.got.sinks[0]?.pendingBytes).toBe(0);
    appendFileSync(log, "\nline 2\nline 3\n");
    await expectLines(run.got, 3);
    expect(run.got.oversize).toBe(1);
  });

  it("a burst of 1,000,000 lines appended at once is read exactly once", async () => {
    const log = join(tempDir(), "access.log");
    writeFileSync(log, "");
    const run = await start([log]);
    const parts: string[] = [];
    for (let i = 1; i <= 1_000_000; i++) parts.push(`line ${i}\n`);
    appendFileSync(log, parts.join(""));
    await expect
      .poll(() => run.got.lines.length, { timeout: 30_000, interval: 50 })
      .toBe(1_000_000);
    let sum = 0;
    const seen = new Set<string>(run.got.lines);
    for (const line of run.got.lines) sum += Number(line.slice(5));
    expect(seen.size).toBe(1_000_000);
    expect(sum).toBe((1_000_000 * 1_000_001) / 2);
  });
});
