import {
  appendFileSync,
  closeSync,
  copyFileSync,
  mkdirSync,
  openSync,
  renameSync,
  symlinkSync,
  truncateSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../core/clock.js";
import {
  appendLines,
  expectLines,
  lines,
  MODES,
  followedLog,
  followers,
  tempDir,
  writeLines,
} from "./harness.js";

describe.each(MODES)("following through rotation and truncation (%s)", (mode) => {
  const start = followers(mode);

  it("reads a file and what is appended to it", async () => {
    const { log, ...run } = await followedLog(start, 50);
    appendLines(log, 51, 120);
    await expectLines(run.got, 120);
  });

  it("rename rotation: drains the old file (late writes too), then reads the new one from byte 0", async () => {
    const { log, ...run } = await followedLog(start, 100);
    const writer = openSync(log, "a");
    renameSync(log, `${log}.1`);
    writeSync(writer, lines(101, 150));
    writeLines(log, 151, 200);
    await expectLines(run.got, 200);
    writeSync(writer, lines(201, 220));
    closeSync(writer);
    await expectLines(run.got, 220);
    expect(run.got.events.rotations).toBe(1);
  });

  it("two rotations between checks: the file rotated away unseen is read too", async () => {
    const { log, ...run } = await followedLog(start, 100);
    renameSync(log, `${log}.1`);
    writeLines(log, 101, 150);
    renameSync(`${log}.1`, `${log}.2`);
    renameSync(log, `${log}.1`);
    writeLines(log, 151, 200);
    await expectLines(run.got, 200);
  });

  it("does not read an old access.log.1 that was there before following started", async () => {
    const dir = tempDir();
    const log = join(dir, "access.log");
    writeLines(`${log}.1`, 1000, 1010);
    writeLines(log, 1, 10);
    const run = await start([log]);
    await expectLines(run.got, 10);
    unlinkSync(log);
    writeLines(log, 11, 20);
    await expectLines(run.got, 20);
  });

  it("copytruncate: the copy is not read again, what follows the truncate is", async () => {
    const { log, ...run } = await followedLog(start, 100);
    copyFileSync(log, `${log}.1`);
    truncateSync(log, 0);
    appendLines(log, 101, 130);
    await expectLines(run.got, 130);
    expect(run.got.events.truncations).toBe(1);
  });

  it("a truncate followed by a rewrite past the old offset before the next check", async () => {
    const { log, ...run } = await followedLog(start, 20);
    truncateSync(log, 0);
    appendLines(log, 21, 100);
    await expectLines(run.got, 100);
    expect(run.got.events.truncations).toBe(1);
  });

  it("a writer without O_APPEND leaves NULs at the head after a truncate: dropped and counted", async () => {
    const log = join(tempDir(), "access.log");
    const writer = openSync(log, "w");
    writeSync(writer, lines(1, 50));
    const run = await start([log]);
    await expectLines(run.got, 50);
    const offset = Buffer.byteLength(lines(1, 50));
    truncateSync(log, 0);
    writeSync(writer, lines(51, 80), offset);
    closeSync(writer);
    await expectLines(run.got, 80);
    expect(run.got.events.invalidBytes).toBe(offset);
  });

  it("delete and recreate: the new file is read from byte 0", async () => {
    const { log, ...run } = await followedLog(start, 30);
    unlinkSync(log);
    writeLines(log, 31, 60);
    await expectLines(run.got, 60);
  });

  it("a file deleted while its writer keeps it open is still read", async () => {
    const log = join(tempDir(), "access.log");
    const writer = openSync(log, "a");
    writeSync(writer, lines(1, 10));
    const run = await start([log]);
    await expectLines(run.got, 10);
    unlinkSync(log);
    await expect.poll(() => run.got.states.at(-1)?.[1], { timeout: 5000 }).toBe("waiting");
    writeSync(writer, lines(11, 40));
    closeSync(writer);
    await expectLines(run.got, 40);
  });

  it("a file and its directory absent at start: waits, then reads from byte 0", async () => {
    const dir = join(tempDir(), "later", "logs");
    const log = join(dir, "access.log");
    const run = await start([log]);
    expect(run.got.states[0]?.slice(1)).toEqual(["waiting", "no such file or directory"]);
    mkdirSync(dir, { recursive: true });
    writeLines(log, 1, 25);
    await expectLines(run.got, 25);
    expect(run.got.states.at(-1)?.[1]).toBe("following");
  });

  it("a symlink whose target is swapped (ln -sfn)", async () => {
    const dir = tempDir();
    const log = join(dir, "access.log");
    writeLines(join(dir, "a.log"), 1, 40);
    symlinkSync(join(dir, "a.log"), log);
    const run = await start([log]);
    await expectLines(run.got, 40);
    writeLines(join(dir, "b.log"), 41, 70);
    unlinkSync(log);
    symlinkSync(join(dir, "b.log"), log);
    appendFileSync(join(dir, "a.log"), lines(71, 80));
    await expectLines(run.got, 80);
    expect(run.got.events.rotations).toBe(1);
  });

  it("keeps reading a rotated-away file until it has been quiet for the drain time", async () => {
    const log = join(tempDir(), "access.log");
    const clock = new ManualClock(Date.now());
    writeLines(log, 1, 5);
    const run = await start([log], { drainMs: 5000, clock });
    await expectLines(run.got, 5);
    renameSync(log, `${log}.1`);
    writeLines(log, 6, 10);
    await expectLines(run.got, 10);
    clock.advance(4000);
    appendLines(`${log}.1`, 11, 11);
    await expectLines(run.got, 11);
    clock.advance(4000);
    appendLines(`${log}.1`, 12, 12);
    await expectLines(run.got, 12);
    clock.advance(5000);
    await run.follower.check();
    appendFileSync(`${log}.1`, lines(13, 13));
    appendLines(log, 14, 14);
    await expect.poll(() => run.got.lines.includes("line 14"), { timeout: 5000 }).toBe(true);
    await run.follower.check();
    expect(run.got.lines).not.toContain("line 13");
  });
});
