import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { keysRepeat } from "../../src/ingest/sample.js";
import { clfParser } from "../../src/parse/parser.js";

function log(lines: (i: number) => string, count: number): string {
  const path = join(mkdtempSync(join(tmpdir(), "logmon-choice-")), "a.log");
  writeFileSync(path, `${Array.from({ length: count }, (_, i) => lines(i)).join("\n")}\n`);
  return path;
}

const at = "[21/Nov/2026:10:00:05 +0000]";

describe("choosing two threads by default", () => {
  it("takes a log whose hosts and sections repeat", () => {
    const path = log((i) => `10.0.0.${i % 50} - - ${at} "GET /s${i % 20}/x HTTP/1.1" 200 1`, 5000);
    expect(keysRepeat(path, clfParser())).toBe(true);
  });

  it("leaves a log where most lines bring a new host or path to one thread", () => {
    const path = log(
      (i) => `10.0.${i >> 8}.${i & 255} - - ${at} "GET /p${i} HTTP/1.1" 200 1`,
      5000,
    );
    expect(keysRepeat(path, clfParser())).toBe(false);
  });

  it("leaves a file with no line it can parse to one thread", () => {
    expect(
      keysRepeat(
        log((i) => `junk ${i}`, 100),
        clfParser(),
      ),
    ).toBe(false);
  });
});
