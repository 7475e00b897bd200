import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { appendLines, expectLines, followers, MODES, tempDir, writeLines } from "./harness.js";

describe.each(MODES)("following many files with a pattern (%s)", (mode) => {
  const start = followers(mode);

  it("reads every matching file, picks up new ones from byte 0, skips rotated names", async () => {
    const dir = tempDir();
    writeLines(join(dir, "a.access.log"), 1, 10);
    writeLines(join(dir, "b.access.log"), 11, 20);
    writeLines(join(dir, "a.access.log.1"), 1001, 1005);
    writeFileSync(join(dir, "old.access.log.gz"), "\x1f\x8b not text");
    writeLines(join(dir, "error.log"), 2001, 2002);
    const run = await start([join(dir, "*access.log")]);
    await expectLines(run.got, 20);
    writeLines(join(dir, "c.access.log"), 21, 30);
    await expectLines(run.got, 30);
    expect([...run.got.perPath.entries()].sort()).toEqual([
      [join(dir, "a.access.log"), 10],
      [join(dir, "b.access.log"), 10],
      [join(dir, "c.access.log"), 10],
    ]);
  });

  it("a rotation under a pattern that also matches rotated names is not read twice", async () => {
    const dir = tempDir();
    const log = join(dir, "access.log");
    writeLines(log, 1, 10);
    const run = await start([join(dir, "access*")]);
    await expectLines(run.got, 10);
    renameSync(log, `${log}.1`);
    writeLines(log, 11, 20);
    appendLines(log, 21, 25);
    await expectLines(run.got, 25);
    await run.follower.check();
    await run.follower.check();
    expect(run.got.lines.length).toBe(25);
  });

  it("a dateext rotation to a name the pattern matches (access-20261121.log) is not read twice", async () => {
    const dir = tempDir();
    const log = join(dir, "access.log");
    writeLines(log, 1, 10);
    const run = await start([join(dir, "*.log")]);
    await expectLines(run.got, 10);
    renameSync(log, join(dir, "access-20261121.log"));
    appendLines(join(dir, "access-20261121.log"), 11, 15);
    writeLines(log, 16, 20);
    await expectLines(run.got, 20);
    writeLines(join(dir, "other.log"), 21, 22);
    await expectLines(run.got, 22);
    await run.follower.check();
    expect(run.got.lines.length).toBe(22);
  });
});
