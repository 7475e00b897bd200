import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fromStart } from "../../../src/source/follow/opened.js";
import { Follower } from "../../../src/source/follow/follower.js";
import { Collector, expectLines, MODES, tempDir, writeLines } from "./harness.js";

describe.each(MODES)("a bug inside a check (%s)", (mode) => {
  it("is reported, not mistaken for a file error, and following goes on", async () => {
    const log = join(tempDir(), "access.log");
    writeLines(log, 1, 20);
    const got = new Collector();
    let failures = 1;
    const errors: string[] = [];
    const sink = {
      open: (path: string) => {
        if (failures-- > 0) throw new TypeError("sink.open is broken");
        return got.open(path);
      },
      note: got.note.bind(got),
      state: got.state.bind(got),
    };
    const follower = new Follower(
      {
        patterns: [log],
        poll: mode === "poll",
        firstOffset: fromStart,
        intervalMs: 50,
        onError: (err) => errors.push((err as Error).message),
      },
      sink,
      { nowMs: () => Date.now() },
    );
    await follower.start();
    try {
      await expectLines(got, 20);
      expect(errors).toEqual(["sink.open is broken"]);
      expect(got.events.readErrors).toBe(0);
    } finally {
      await follower.stop();
    }
  });
});
