import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { logmon } from "./run.js";

const FIXTURE = "fixtures/combined.log";

/** The request line and status of each line of the fixture that has them, read without logmon. */
function requests(): { method: string; path: string; status: number }[] {
  const out = [];
  for (const line of readFileSync(FIXTURE, "utf8").split("\n")) {
    // Lines 37, 39, 41 and 43 do not parse (fixtures/README.md): none is a 4xx or an /api one.
    const m = /"(\w+) (\S+)[^"]*" (\d{3}) /.exec(line);
    if (m !== null) out.push({ method: m[1] ?? "", path: m[2] ?? "", status: Number(m[3]) });
  }
  return out;
}

async function summary(args: string[]) {
  const r = await logmon(["--replay", "--json", ...args, FIXTURE]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const last = JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "{}") as {
    totals: { hits: number; lines: { read: number; parsed: number; filtered?: number } };
  };
  return last.totals;
}

describe("--filter", () => {
  it("counts only the lines every expression matches, and the others as filtered", async () => {
    const all = await summary([]);
    const want = requests().filter((q) => q.status >= 400 && q.method === "GET").length;
    expect(want).toBeGreaterThan(10);
    const t = await summary(["--filter", "status >= 400", "--filter", "method == GET"]);
    expect(t.hits).toBe(want);
    expect(t.lines.parsed).toBe(want);
    expect(t.lines.filtered).toBe(all.lines.parsed - want);
    expect(t.lines.read).toBe(all.lines.read);
    expect(all.lines.filtered).toBeUndefined();
  });

  it("reads full paths when it filters on them, on one thread whatever --threads says", async () => {
    const want = requests().filter((q) => /^\/api\/users/.test(q.path.split("?")[0] ?? "")).length;
    expect(want).toBeGreaterThan(0);
    for (const threads of ["1", "2"]) {
      const t = await summary(["--threads", threads, "--filter", "path ~ ^/api/users"]);
      expect(t.hits).toBe(want);
    }
  });

  it("never stalls on a pattern that backtracks: V8 finishes it in linear time", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-filter-"));
    try {
      const log = join(dir, "access.log");
      const path = `/${"abcdefgh/".repeat(5)}page`;
      const line = (s: number) =>
        `10.0.0.1 - - [21/Nov/2026:08:00:${String(s).padStart(2, "0")} +0000] "GET ${path} HTTP/1.1" 200 5 "-" "t"\n`;
      writeFileSync(log, Array.from({ length: 50 }, (_, i) => line(i)).join(""));
      // Each path could be split 2^45 ways before the pattern fails: hours of backtracking.
      const r = await logmon(["--replay", "--json", "--filter", 'path ~ "^([a-z/]+/?)+!"', log]);
      expect(r.code).toBe(0);
      const totals = (
        JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "{}") as {
          totals: { hits: number; lines: { filtered: number } };
        }
      ).totals;
      expect(totals).toMatchObject({ hits: 0, lines: { filtered: 50 } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads filter: from a config file, one expression or a list", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-filter-"));
    try {
      const want = requests().filter((q) => q.status >= 400 && q.method === "GET").length;
      writeFileSync(join(dir, "list.yaml"), "filter:\n  - status >= 400\n  - method == GET\n");
      expect((await summary(["--config", join(dir, "list.yaml")])).hits).toBe(want);
      writeFileSync(join(dir, "one.yaml"), "filter: status >= 400 and method == GET\n");
      expect((await summary(["--config", join(dir, "one.yaml")])).hits).toBe(want);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a bad expression in one line naming where, exit 2", async () => {
    const r = await logmon(["--replay", "--filter", "status >= 400 and", FIXTURE]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^logmon: .*--filter.*at character 18: a field expected at the end/);
  });
});
