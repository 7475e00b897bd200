import { describe, expect, it } from "vitest";
import { emptyRecord, type LogRecord } from "../../src/core/types.js";
import { INVALID_REQUEST_SECTION, NO_REQUEST_SECTION, parseClf } from "../../src/parse/clf.js";

function parse(line: string): LogRecord | string {
  const rec = emptyRecord();
  const buf = Buffer.from(line, "latin1");
  const reason = parseClf(buf, 0, buf.length, rec);
  return reason ?? { ...rec };
}

const T = Date.UTC(2000, 9, 10, 13, 55, 36) / 1000;

describe("parseClf: Common and Combined lines", () => {
  it("reads every field of a Common Log Format line", () => {
    expect(
      parse(
        '127.0.0.1 - frank [10/Oct/2000:13:55:36 +0000] "GET /apache_pb.gif HTTP/1.0" 200 2326',
      ),
    ).toEqual({
      // Path, agent and referrer are read only when asked for (record.keep): left as they were.
      ...emptyRecord(),
      time: T,
      host: "127.0.0.1",
      method: "GET",
      section: "/apache_pb.gif",
      status: 200,
      bytes: 2326,
      hostHint: expect.any(Number) as number,
      sectionHint: expect.any(Number) as number,
      methodHint: expect.any(Number) as number,
    });
  });

  it("reads a Combined line, ignoring referer and user agent", () => {
    const r = parse(
      '10.0.0.2 - - [10/Oct/2000:13:55:36 +0000] "POST /api/user/1 HTTP/1.1" 201 15 "http://ex.com/a" "Mozilla/5.0 (X11)"',
    );
    expect(r).toMatchObject({ method: "POST", section: "/api", status: 201, bytes: 15 });
  });

  it("accepts extra fields after the user agent (nginx additions such as $request_time)", () => {
    const r = parse(
      '1.1.1.1 - - [10/Oct/2000:13:55:36 +0000] "GET /a/b HTTP/1.1" 200 5 "-" "ua" 0.012 "-"',
    );
    expect(r).toMatchObject({ section: "/a", status: 200, bytes: 5 });
  });

  it("recognises a virtual-host prefix per line", () => {
    const r = parse(
      'www.example.com:443 1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET /x HTTP/1.1" 200 1 "-" "ua"',
    );
    expect(r).toMatchObject({ vhost: "www.example.com:443", host: "1.2.3.4", section: "/x" });
  });

  it("reads IPv6 clients, with and without a vhost", () => {
    expect(
      parse('2001:db8::1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1'),
    ).toMatchObject({
      host: "2001:db8::1",
      section: "/",
    });
    expect(
      parse('ex.org:80 ::1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1'),
    ).toMatchObject({
      vhost: "ex.org:80",
      host: "::1",
    });
  });

  it("takes - as zero bytes", () => {
    expect(parse('1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET /a HTTP/1.1" 304 -')).toMatchObject(
      {
        status: 304,
        bytes: 0,
      },
    );
  });

  it("applies any UTC offset", () => {
    const at = (zone: string) =>
      (parse(`h - - [10/Oct/2000:13:55:36 ${zone}] "GET / HTTP/1.1" 200 1`) as LogRecord).time;
    expect(at("+0000")).toBe(T);
    expect(at("-0700")).toBe(T + 7 * 3600);
    expect(at("+0530")).toBe(T - 5.5 * 3600);
    expect(at("+1400")).toBe(T - 14 * 3600);
  });

  it("counts a request line of -, or an empty one, as a hit without a request", () => {
    for (const request of ['"-"', '""']) {
      expect(
        parse(`1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] ${request} 400 0 "-" "-"`),
      ).toMatchObject({
        method: "-",
        section: NO_REQUEST_SECTION,
        status: 400,
      });
    }
  });

  it("counts junk request lines (TLS handshake bytes) as hits with an invalid request", () => {
    const tls = '"\\x16\\x03\\x01\\x00\\xA5\\x01\\x00\\x00\\xA1\\x03\\x03"';
    expect(parse(`1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] ${tls} 400 157 "-" "-"`)).toMatchObject({
      method: "-",
      section: INVALID_REQUEST_SECTION,
      status: 400,
      bytes: 157,
    });
    expect(parse('1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET" 400 0')).toMatchObject({
      section: INVALID_REQUEST_SECTION,
    });
  });

  it("reduces absolute-form targets to their path", () => {
    const r = parse(
      '1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET http://example.com/api/x HTTP/1.1" 200 1',
    );
    expect(r).toMatchObject({ method: "GET", section: "/api" });
  });

  it("reads requests without a protocol (HTTP/0.9)", () => {
    expect(
      parse('1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET /pages/create" 200 1'),
    ).toMatchObject({
      section: "/pages",
    });
  });

  it("keeps a target with an unencoded space whole", () => {
    expect(
      parse('1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET /my docs/a HTTP/1.1" 404 1'),
    ).toMatchObject({
      section: "/my docs",
    });
  });

  it("handles escaped quotes in request, referer and user agent", () => {
    const r = parse(
      '1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET /q\\"x\\"/y HTTP/1.1" 200 7 "http://r/\\"a\\"" "Bot \\"1.0\\" \\\\"',
    );
    expect(r).toMatchObject({ section: '/q\\"x\\"', status: 200, bytes: 7 });
  });

  it("survives an unescaped quote inside the request (old servers)", () => {
    const r = parse('1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET /a" b HTTP/1.1" 200 7 "-" "-"');
    expect(r).toMatchObject({ status: 200, bytes: 7 });
  });

  it("interns common methods and keeps unusual ones", () => {
    expect(
      parse('h - - [10/Oct/2000:13:55:36 +0000] "PROPFIND /dav/x HTTP/1.1" 207 1'),
    ).toMatchObject({
      method: "PROPFIND",
    });
    expect(parse('h - - [10/Oct/2000:13:55:36 +0000] "BREW /pot HTTP/1.1" 418 1')).toMatchObject({
      method: "BREW",
    });
  });

  it("accepts nginx statuses outside the standard range (444, 499)", () => {
    expect(parse('h - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 499 0')).toMatchObject({
      status: 499,
    });
  });
});

describe("parseClf: lines that are not access-log lines", () => {
  const cases: [string, string][] = [
    ["", "empty"],
    ["hello world", "no_timestamp"],
    ['[10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1', "bad_prefix"],
    ['a b [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1', "bad_prefix"],
    ['a b c d e [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1', "bad_prefix"],
    ['a  b c [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1', "bad_prefix"],
    ['h - - [10/Oct/2000:13:55:36] "GET / HTTP/1.1" 200 1', "bad_timestamp"],
    ['h - - [32/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1', "bad_timestamp"],
    ['h - - [29/Feb/2001:13:55:36 +0000] "GET / HTTP/1.1" 200 1', "bad_timestamp"],
    ['h - - [10/Foo/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1', "bad_timestamp"],
    ['h - - [10/Oct/2000:24:00:00 +0000] "GET / HTTP/1.1" 200 1', "bad_timestamp"],
    ['h - - [10/Oct/2000:13:55:36 0000] "GET / HTTP/1.1" 200 1', "bad_timestamp"],
    ["h - - [10/Oct/2000:13:55:36 +0000] GET / HTTP/1.1 200 1", "bad_request"],
    ['h - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1 200 1', "bad_request"],
    ['h - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1"', "bad_status"],
    ['h - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" OK 1', "bad_status"],
    ['h - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 2000 1', "bad_status"],
    ['h - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200', "bad_bytes"],
    ['h - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 12k', "bad_bytes"],
  ];
  it.each(cases)("%j is %s", (line, reason) => {
    expect(parse(line)).toBe(reason);
  });

  it("never throws on random bytes", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const base = Buffer.from(
      '1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET /a/b HTTP/1.1" 200 17 "-" "ua"',
    );
    const rec = emptyRecord();
    for (let i = 0; i < 20_000; i++) {
      const buf = Buffer.from(base);
      for (let k = 0; k < 1 + (i % 5); k++) buf[next() % buf.length] = next() % 256;
      const cut = next() % (buf.length + 1);
      expect(() => parseClf(buf, 0, cut, rec)).not.toThrow();
    }
  });

  it("parses inside a larger buffer without reading past its range", () => {
    const line = 'h - - [10/Oct/2000:13:55:36 +0000] "GET /a HTTP/1.1" 200 1';
    const buf = Buffer.from(`XXXX${line} 777 trailing`);
    const rec = emptyRecord();
    expect(parseClf(buf, 4, 4 + line.length, rec)).toBeNull();
    expect(rec.bytes).toBe(1);
    expect(parseClf(buf, 4, 4 + line.length - 2, rec)).toBe("bad_bytes");
  });
});
