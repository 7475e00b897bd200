import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { logmon, shell } from "./run.js";

function tmp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `logmon-${prefix}-`));
}

/** A Combined line at 2026-11-21 10:MM:SS. */
function line(minute: number, second: number, section = "/a", extra = ""): string {
  const mm = String(minute).padStart(2, "0");
  const ss = String(second).padStart(2, "0");
  return `10.0.0.1 - - [21/Nov/2026:10:${mm}:${ss} +0000] "GET ${section} HTTP/1.1" 200 12${extra}`;
}

describe("the first commands", () => {
  it("`logmon help` and `logmon help check` are the help, `logmon version` the version", async () => {
    const help = await logmon(["help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: logmon \[options\] \[command\] \[files\.\.\.\]/);
    const check = await logmon(["help", "check"]);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^Usage: logmon check \[options\] <files\.\.\.>/);
    const version = await logmon(["version"]);
    expect(version).toMatchObject({ code: 0, stderr: "" });
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("a file named help is still read when given as ./help", async () => {
    const dir = tmp("help-file");
    writeFileSync(join(dir, "help"), `${line(0, 1)}\n`);
    const r = await shell(process.execPath, [
      join(process.cwd(), "bin/logmon.js"),
      "--replay",
      "--json",
      join(dir, "help"),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"type":"summary"');
  });

  it("an unknown flag gets a one-line hint: -v → -V / --version, --replai → --replay", async () => {
    const v = await logmon(["-v"]);
    expect(v).toMatchObject({ code: 2, stdout: "" });
    expect(v.stderr).toBe("logmon: unknown option '-v' (did you mean -V / --version?)\n");
    const typo = await logmon(["--replai", "x.log"]);
    expect(typo.stderr).toBe("logmon: unknown option '--replai' (did you mean --replay?)\n");
    const sub = await logmon(["check", "--fromat", "clf", "x.log"]);
    expect(sub.stderr).toBe("logmon: unknown option '--fromat' (did you mean --format?)\n");
  });

  it("a window beyond the limit is refused in the units it was given in (7d, not 604800s)", async () => {
    const r = await logmon(["--replay", "-w", "30d", "x.log"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--window must be between 1s and 7d");
  });
});

describe("input that is not an access log", () => {
  it("an unknown Apache directive is a usage error naming it", async () => {
    const r = await logmon(["--replay", "--format", "%h %t %>s %Z", "fixtures/combined.log"]);
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toBe("logmon: --format: unknown directive %Z at character 11 of the format\n");
  });

  it("a file of # comments and other text: no W3C directives, nothing parsed, said on stderr, exit 1", async () => {
    const dir = tmp("services");
    const file = join(dir, "services");
    writeFileSync(
      file,
      "# Network services, Internet style\n#\ntcpmux\t\t1/tcp\t\t\t\t# TCP port service multiplexer\necho\t\t7/tcp\n",
    );
    const r = await logmon(["--replay", "--plain", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain("directive");
    expect(r.stderr).toBe(
      `logmon: no line parsed: 4 lines read, none in a known access-log format (first: no_format at ${file}:1); logmon check ${file} says which format it looks like; --format gives yours\n`,
    );
  });

  it("a gzip file: exit 1 with the zcat hint", async () => {
    const dir = tmp("gz");
    const file = join(dir, "access.log.gz");
    writeFileSync(file, gzipSync(`${line(0, 1)}\n${line(0, 2)}\n`));
    const r = await logmon(["--replay", "--json", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /it looks compressed: logmon --replay <\(zcat \S+access\.log\.gz\)\n$/,
    );
  });

  it("under half of the lines parsed: a warning with the first reason, exit 0", async () => {
    const text = [line(0, 1), "junk one", "junk two", "junk three"].join("\n");
    const r = await logmon(["--replay", "--json", "-"], `${text}\n`);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^logmon: only 1 of 4 lines parsed \(first: \S+ at stdin:2\); /);
  });

  it("a real W3C file still counts its # lines as directives", async () => {
    const r = await logmon(["--replay", "--plain", "fixtures/formats/iis-w3c.log"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\d+ directive lines/);
    expect(r.stderr).toBe("");
  });
});

describe("check with a given format", () => {
  it("says where the first unparsed line departs from the format, and what it expected", async () => {
    const r = await logmon([
      "check",
      "--format",
      '%h %l %u %t "%r" %>s %b',
      "fixtures/combined.log",
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'line 1: at character 74 %b expects a byte count, the line has "35861 "https://example.com/" "…" (the line goes on after what the format describes)',
    );
    const nginx = await logmon([
      "check",
      "--format",
      "$remote_addr - $remote_user [$time_local] $status",
      "fixtures/combined.log",
    ]);
    expect(nginx.stdout).toMatch(/^fixtures\/combined\.log: nginx '.*': reads none of it\n/);
    expect(nginx.stdout).toContain(
      'line 1: at character 43 $status expects a status code, the line has ""POST /api/users HTTP/1.1" 200…" (the line goes on after what the format describes)',
    );
  });

  it("never rounds a partial share up to 100 %", async () => {
    const dir = tmp("share");
    const file = join(dir, "access.log");
    const lines = Array.from({ length: 9999 }, (_, i) => line(Math.floor(i / 60) % 60, i % 60));
    writeFileSync(file, `${lines.join("\n")}\nnot a log line\n`);
    const r = await logmon(["check", file]);
    expect(r.stdout).toContain("9,999 of 10,000 lines parsed (99.9%)");
  });
});

describe("--plain on a sparse log", () => {
  it("merges a run of empty intervals into one 'no traffic' line", async () => {
    const text = [line(0, 1), line(0, 2), line(0, 3), line(58, 1), line(58, 2), line(58, 3)];
    const r = await logmon(["--replay", "--plain", "-"], `${text.join("\n")}\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("no traffic 2026-11-21 10:00:10Z → 10:58:00Z (57m50s)\n");
    expect(r.stdout).not.toMatch(/ 0 hits/);
    const reports = r.stdout.split("\n").filter((l) => / hits · /.test(l));
    expect(reports).toHaveLength(2);
    const json = await logmon(["--replay", "--json", "-"], `${text.join("\n")}\n`);
    expect(json.stdout.split("\n").filter((l) => l.includes('"type":"report"'))).toHaveLength(3);
  });
});
