import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hashKey } from "../../src/stats/keyindex.js";
import {
  copyRecord,
  emptyRecord,
  KEEP_AGENT,
  KEEP_PATH,
  KEEP_PATH_VIEW,
  KEEP_QUERY,
  KEEP_REFERRER,
} from "../../src/core/types.js";
import { parserFactory } from "../../src/parse/detect.js";
import { ROOT } from "../cli/run.js";

/** The first `n` data lines of a fixture, parsed with path and agent kept. */
function parsed(file: string, format: string, n = 1) {
  const lines = readFileSync(join(ROOT, "fixtures/formats", file), "utf8").split(/\r?\n/);
  const parser = parserFactory(format)();
  const rec = emptyRecord();
  rec.keep = KEEP_PATH | KEEP_AGENT;
  const out: { path: string; agent: string }[] = [];
  for (const line of lines) {
    if (out.length === n) break;
    const b = Buffer.from(line);
    if (parser.parse(b, 0, b.length, rec) === null) out.push({ path: rec.path, agent: rec.agent });
  }
  return out;
}

const format = (name: string) =>
  readFileSync(join(ROOT, "fixtures/formats", `${name}.format`), "utf8").trim();

describe("the full path and the user agent, kept only when asked", () => {
  it("Combined: the path without its query, and the agent with its escaped quotes undone", () => {
    const b = Buffer.from(
      '10.0.0.1 - - [21/Nov/2026:08:00:00 +0000] "GET http://x.example/api/v1/users?id=7 HTTP/1.1" 200 12 "https://ref/" "Bot \\"quoted\\" 1.0" extra',
    );
    const rec = emptyRecord();
    rec.keep = KEEP_PATH | KEEP_AGENT;
    expect(parserFactory("combined")().parse(b, 0, b.length, rec)).toBeNull();
    expect([rec.path, rec.agent, rec.section]).toEqual([
      "/api/v1/users",
      'Bot "quoted" 1.0',
      "/api",
    ]);
    const common = Buffer.from('10.0.0.1 - - [21/Nov/2026:08:00:00 +0000] "-" 400 0');
    expect(parserFactory("common")().parse(common, 0, common.length, rec)).toBeNull();
    expect([rec.path, rec.agent]).toEqual(["", ""]);
  });

  it("is not filled when no rule asks (nothing allocated)", () => {
    const b = Buffer.from(
      '10.0.0.1 - - [21/Nov/2026:08:00:00 +0000] "GET /a/b HTTP/1.1" 200 1 "-" "curl/8"',
    );
    const rec = emptyRecord();
    expect(parserFactory("combined")().parse(b, 0, b.length, rec)).toBeNull();
    expect([rec.path, rec.agent]).toEqual(["", ""]);
  });

  it.each([
    [
      "apache-timed.log",
      () => format("apache-timed"),
      { path: "/api/orders", agent: "Mozilla/4.08" },
    ],
    [
      "nginx-timed.log",
      () => format("nginx-timed"),
      { path: "/api/users", agent: 'Mozilla/5.0 "test"' },
    ],
    ["iis-w3c.log", () => "w3c", { path: "/search", agent: "Mozilla/5.0 (Windows NT 10.0)" }],
    ["nginx.json.log", () => "json", { path: "/api/orders", agent: 'Mozilla/5.0 "q"' }],
    ["caddy.json.log", () => "json", { path: "/api/orders", agent: "curl/8.5.0" }],
    ["traefik.json.log", () => "json", { path: "/api/orders", agent: "" }],
  ])("%s", (file, fmt, expected) => {
    expect(parsed(file, fmt())[0]).toEqual(expected);
  });
});

describe("the query, kept only when asked (--keep-query)", () => {
  it("is the target's query with its ?, without the fragment; W3C's from cs-uri-query", () => {
    const rec = emptyRecord();
    rec.keep = KEEP_PATH | KEEP_QUERY;
    const parse = (fmt: string, ...lines: string[]) => {
      const parser = parserFactory(fmt)();
      for (const line of lines) {
        const b = Buffer.from(line);
        parser.parse(b, 0, b.length, rec);
      }
      return [rec.path, rec.query];
    };
    const clf = (target: string) =>
      `10.0.0.1 - - [21/Nov/2026:08:00:00 +0000] "GET ${target} HTTP/1.1" 200 1`;
    expect(parse("common", clf("/a/b?x=1&y=2#top"))).toEqual(["/a/b", "?x=1&y=2"]);
    expect(parse("common", clf("http://h.example/a?q"))).toEqual(["/a", "?q"]);
    expect(parse("common", clf("/plain"))).toEqual(["/plain", ""]);
    expect(parse("common", '10.0.0.1 - - [21/Nov/2026:08:00:00 +0000] "-" 400 0')).toEqual([
      "",
      "",
    ]);
    const fields = "#Fields: date time c-ip cs-method cs-uri-stem cs-uri-query sc-status sc-bytes";
    expect(parse("w3c", fields, "2026-11-21 08:00:00 10.0.0.1 GET /s q=1 200 1")).toEqual([
      "/s",
      "?q=1",
    ]);
    rec.keep = KEEP_PATH;
    expect(parse("common", clf("/a?x"))).toEqual(["/a", ""]);
  });
});

describe("the referrer, kept only when asked (--run-stats)", () => {
  /** The referrer of `line` parsed as `fmt` (W3C: after its #Fields line), "-" being none. */
  function referrer(fmt: string, ...lines: string[]): string {
    const parser = parserFactory(fmt)();
    const rec = emptyRecord();
    rec.keep = KEEP_REFERRER;
    let last: string | null = "";
    for (const line of lines) {
      const b = Buffer.from(line);
      last = parser.parse(b, 0, b.length, rec);
    }
    expect(last).toBeNull();
    return rec.referrer;
  }
  const combined = (ref: string) =>
    `10.0.0.1 - - [21/Nov/2026:08:00:00 +0000] "GET /a HTTP/1.1" 200 1 "${ref}" "curl/8"`;

  it("reads it from Combined, nginx and Apache formats, JSON lines and W3C", () => {
    expect(referrer("combined", combined("https://r.example/x?q=1"))).toBe(
      "https://r.example/x?q=1",
    );
    expect(referrer("combined", combined("-"))).toBe("");
    expect(
      referrer("common", '10.0.0.1 - - [21/Nov/2026:08:00:00 +0000] "GET /a HTTP/1.1" 200 1'),
    ).toBe("");
    const nginx =
      'log_format x \'$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"\';';
    expect(referrer(nginx, combined("https://n.example/"))).toBe("https://n.example/");
    const apache =
      'LogFormat "%h %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-Agent}i\\"" combined';
    expect(referrer(apache, combined("https://a.example/"))).toBe("https://a.example/");
    const json = (ref: string) =>
      JSON.stringify({
        time_iso8601: "2026-11-21T08:00:00+00:00",
        remote_addr: "10.0.0.1",
        request: "GET /a HTTP/1.1",
        status: "200",
        body_bytes_sent: "1",
        http_referer: ref,
      });
    expect(referrer("json", json("https://j.example/"))).toBe("https://j.example/");
    expect(referrer("json", json("-"))).toBe("");
    const w3c = ["#Fields: date time c-ip cs-method cs-uri-stem sc-status sc-bytes cs(Referer)"];
    expect(
      referrer("w3c", ...w3c, "2026-11-21 08:00:00 10.0.0.1 GET /a 200 1 https://w.example/"),
    ).toBe("https://w.example/");
    expect(referrer("w3c", ...w3c, "2026-11-21 08:00:00 10.0.0.1 GET /a 200 1 -")).toBe("");
  });

  it("is not filled when not asked", () => {
    expect(parsedReferrer()).toBe("");
  });
});

function parsedReferrer(): string {
  const b = Buffer.from(
    '10.0.0.1 - - [21/Nov/2026:08:00:00 +0000] "GET /a HTTP/1.1" 200 1 "https://r/" "curl/8"',
  );
  const rec = emptyRecord();
  rec.keep = KEEP_AGENT;
  parserFactory("combined")().parse(b, 0, b.length, rec);
  return rec.referrer;
}

describe("hints for the kept path, agent and referrer (Combined)", () => {
  const line = (path: string, ref: string, agent: string) =>
    `10.0.0.1 - - [21/Nov/2026:08:00:00 +0000] "GET ${path} HTTP/1.1" 200 1 "${ref}" "${agent}"`;
  function read(text: string) {
    const rec = emptyRecord();
    rec.keep = KEEP_PATH | KEEP_AGENT | KEEP_REFERRER;
    const b = Buffer.from(`xx${text}yy`);
    expect(parserFactory("combined")().parse(b, 2, b.length - 2, rec)).toBeNull();
    const { path, agent, referrer, pathHash, agentHint, referrerHint } = rec;
    return { path, agent, referrer, pathHash, agentHint, referrerHint };
  }

  it("the same text gives the same hint; escaped quotes and backslashes are undone", () => {
    const a = read(line("/p/1?q", "https://r.example/", "Mozilla/5.0 (X11) Firefox/120.0"));
    const b = read(line("/p/1", "https://r.example/", "Mozilla/5.0 (X11) Firefox/120.0"));
    expect(a).toEqual(b);
    expect([a.path, a.referrer, a.agent]).toEqual([
      "/p/1",
      "https://r.example/",
      "Mozilla/5.0 (X11) Firefox/120.0",
    ]);
    expect(Math.min(a.pathHash, a.agentHint, a.referrerHint)).toBeGreaterThanOrEqual(0);
    const c = read(line("/p/2", "-", "Mozilla/5.0 (X11) Firefox/121.0"));
    expect([c.referrer, c.referrerHint]).toEqual(["", -1]);
    expect(c.pathHash).not.toBe(a.pathHash);
    expect(a.pathHash).toBe(hashKey("/p/1") & 0x7fffffff);
    expect(read(line("/é", "-", "x")).pathHash).toBe(-1);
    const escaped = read(line("/p/1", 'https://r/\\"x\\"', 'Bot \\"1.0\\" \\\\'));
    expect(escaped).toMatchObject({ referrer: 'https://r/"x"', agent: 'Bot "1.0" \\' });
    expect(Math.min(escaped.agentHint, escaped.referrerHint)).toBeGreaterThanOrEqual(0);
    // The same escaped text again is the same string (cached by its bytes from its second
    // sighting, found there from the third), and one of the same length is not taken for it.
    for (let i = 0; i < 3; i++) {
      expect(read(line("/p/1", 'https://r/\\"x\\"', 'Bot \\"1.0\\" \\\\'))).toEqual(escaped);
      expect(read(line("/p/1", 'https://r/\\"y\\"', 'Bot \\"1.1\\" \\\\'))).toMatchObject({
        referrer: 'https://r/"y"',
        agent: 'Bot "1.1" \\',
      });
    }
  });

  it("tells apart long agents whose hints are the same (every byte is compared)", () => {
    // 100 bytes differing at byte 1 only, which the hint does not sample.
    const one = `A${"x".repeat(98)}1`.replace(/^A./, "Ax");
    const two = `Ay${"x".repeat(97)}1`;
    expect(one.length).toBe(two.length);
    const hints = new Set<number>();
    for (let i = 0; i < 4; i++) {
      for (const agent of [one, two]) {
        const r = read(line("/p", "-", agent));
        expect(r.agent).toBe(agent);
        hints.add(r.agentHint);
      }
    }
    expect(hints.size).toBe(1);
  });
});

describe("the path as a view of the line (KEEP_PATH_VIEW, --run-stats)", () => {
  it("points at the path's bytes without decoding it, and a held copy keeps its own bytes", () => {
    const rec = emptyRecord();
    rec.keep = KEEP_PATH_VIEW;
    const b = Buffer.from(
      '10.0.0.1 - - [21/Nov/2026:08:00:00 +0000] "GET http://h.example/p/é?q HTTP/1.1" 200 1',
    );
    expect(parserFactory("common")().parse(b, 0, b.length, rec)).toBeNull();
    const view = () => rec.pathBytes.toString("utf8", rec.pathStart, rec.pathEnd);
    expect([rec.path, view(), rec.pathHash]).toEqual(["", "/p/é", -1]);
    const held = copyRecord(rec, emptyRecord());
    b.fill(0x78);
    expect(held.pathBytes.toString("utf8", held.pathStart, held.pathEnd)).toBe("/p/é");
    const none = Buffer.from('10.0.0.1 - - [21/Nov/2026:08:00:00 +0000] "-" 400 0');
    expect(parserFactory("common")().parse(none, 0, none.length, rec)).toBeNull();
    expect(rec.pathEnd).toBe(-1);
  });
});
