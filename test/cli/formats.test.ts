import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { logmon, ROOT } from "./run.js";

const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const formatOf = (name: string) => read(`fixtures/formats/${name}.format`).trim();

/** Every log in fixtures/formats, with the format file beside it when it has one ("auto" otherwise). */
const FIXTURES: [string, string][] = readdirSync(join(ROOT, "fixtures/formats"))
  .filter((f) => f.endsWith(".log"))
  .sort()
  .map((file) => {
    const stem = file.replace(/\.log$/, "");
    const custom = existsSync(join(ROOT, `fixtures/formats/${stem}.format`));
    return [file, custom ? formatOf(stem) : "auto"];
  });

describe("every format: golden replay and check", () => {
  it("every fixture has both goldens, and every golden a fixture", () => {
    const goldens = readdirSync(join(ROOT, "fixtures/golden/formats")).sort();
    const wanted = FIXTURES.flatMap(([file]) => {
      const stem = file.replace(/\.log$/, "");
      return [`${stem}.check.txt`, `${stem}.ndjson`];
    });
    expect(goldens).toEqual(wanted.sort());
    expect(FIXTURES.length).toBeGreaterThanOrEqual(6);
  });

  const replay = (file: string, format: string, ...more: string[]) =>
    logmon([
      "--replay",
      `fixtures/formats/${file}`,
      "--format",
      format,
      "--json",
      "-m",
      "1",
      "-w",
      "30s",
      "-i",
      "30s",
      "--top",
      "3",
      ...more,
    ]);

  it.each(
    FIXTURES.flatMap(([file, format]) => [
      [file, "1", format] as const,
      [file, "2", format] as const,
    ]),
  )(
    "%s replays to its golden NDJSON, whole run included (--threads %s)",
    async (file, threads, format) => {
      const r = await replay(file, format, "--threads", threads);
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe(read(`fixtures/golden/formats/${file.replace(/\.log$/, "")}.ndjson`));
    },
  );

  it.each(FIXTURES)(
    "%s replays to the same NDJSON on two threads as on one (--no-run-stats)",
    async (file, format) => {
      const one = await replay(file, format, "--no-run-stats", "--threads", "1");
      const two = await replay(file, format, "--no-run-stats", "--threads", "2");
      expect([one.stderr, two.stderr]).toEqual(["", ""]);
      expect(one.stdout.split("\n").length).toBeGreaterThan(3);
      expect(two.stdout).toBe(one.stdout);
      // The same events as the golden's, but for the whole run's lists.
      const golden = read(`fixtures/golden/formats/${file.replace(/\.log$/, "")}.ndjson`);
      expect(one.stdout).toBe(golden.replace(/,"run":\{.*\}(?=\}\n$)/, ""));
    },
  );

  it.each(FIXTURES)("logmon check %s names the format and passes", async (file, format) => {
    const r = await logmon(["check", "--format", format, `fixtures/formats/${file}`]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(
      new RegExp(`^fixtures/formats/${file}: (json|w3c|nginx|apache)`),
    );
    expect(r.stdout).toBe(read(`fixtures/golden/formats/${file.replace(/\.log$/, "")}.check.txt`));
  });

  it("check detects Common/Combined and vhost variants by themselves", async () => {
    const r = await logmon(["check", "fixtures/combined.log", "fixtures/formats/nginx-timed.log"]);
    expect(r.stdout).toContain("fixtures/combined.log: combined");
    expect(r.stdout).toContain("fixtures/formats/nginx-timed.log: combined");
    expect(r.code).toBe(0);
  });

  it("check explains a file of mixed junk, and fails it", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "logmon-check-")), "mixed.log");
    writeFileSync(
      file,
      [
        "Nov 21 08:00:01 web sshd[311]: Accepted publickey for deploy",
        "<html><body>502 Bad Gateway</body></html>",
        '10.0.0.1 - - [21/Nov/2026:08:00:02 +0000] "GET / HTTP/1.1" 200 12',
        "",
        '{"msg": "not an access log"}',
      ].join("\n"),
    );
    const r = await logmon(["check", file, "--json"]);
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({
      v: 1,
      type: "check",
      format: "common",
      lines: 5,
      parsed: 1,
      ok: false,
    });
    const text = (await logmon(["check", file])).stdout;
    expect(text).toContain("1 of 5 lines parsed (20.0%)");
    expect(text).toContain("no_format 2, e.g. line 1: Nov 21 08:00:01 web sshd[311]");
    expect(text).toContain("NOT OK");
  });

  it("check says what a file it cannot read at all looks like", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "logmon-check-")), "syslog");
    writeFileSync(file, "Nov 21 08:00:01 web cron[1]: job\nNov 21 08:00:02 web cron[2]: job\n");
    const r = await logmon(["check", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(": no format recognised");
    expect(r.stdout).toContain("the first lines look like:\n    Nov 21 08:00:01 web cron[1]: job");
    expect(r.stdout).toContain("--format '$remote_addr [$time_local]");
  });

  it("--tz shows every time in that zone, with its offset", async () => {
    const r = await logmon([
      "--replay",
      "fixtures/combined.log",
      "-m",
      "2",
      "-w",
      "30s",
      "--json",
      "--tz",
      "Asia/Kolkata",
    ]);
    expect(r.stdout).toContain(
      '"message":"High traffic generated an alert - hits = 64, triggered at 2026-11-21T13:31:10+05:30"',
    );
    const bad = await logmon(["--replay", "fixtures/combined.log", "--tz", "Mars/Olympus"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown time zone "Mars/Olympus"');
  });

  it("a pasted format without a time field, or an unknown name, is refused in one line", async () => {
    const noTime = await logmon([
      "--replay",
      "fixtures/combined.log",
      "--format",
      "$remote_addr $status",
    ]);
    expect(noTime.code).toBe(2);
    expect(noTime.stderr).toBe("logmon: --format: the format has no time field logmon can read\n");
    const unknown = await logmon(["--replay", "fixtures/combined.log", "--format", "fancy"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown format "fancy"');
  });
});
