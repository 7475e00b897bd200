import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSyslog, SyslogMessage, syslogTime } from "../../src/parse/syslog.js";

const LINE = '10.0.0.1 - - [01/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8"';

/** The parts of one frame as text, or its problem. */
function parts(frame: string | Buffer) {
  const b = typeof frame === "string" ? Buffer.from(frame, "latin1") : frame;
  const m = new SyslogMessage();
  const problem = parseSyslog(b, 0, b.length, m);
  if (problem !== null) return { problem };
  const text = (s: number, e: number) => (s < 0 ? null : b.toString("latin1", s, e));
  return {
    pri: m.pri,
    version: m.version,
    host: text(m.hostStart, m.hostEnd),
    app: text(m.appStart, m.appEnd),
    time: text(m.timeStart, m.timeEnd),
    msg: b.toString("latin1", m.msgStart, m.msgEnd),
  };
}

describe("syslog messages", () => {
  const corpus = JSON.parse(readFileSync("fixtures/syslog/captured.json", "utf8")) as {
    name: string;
    frame: string;
  }[];

  it.each(corpus)("captured: $name", ({ frame }) => {
    const p = parts(frame.replace(/^\d+ /, ""));
    expect(p).toMatchObject({ host: "vm", app: "nginx" });
    expect(p.msg ?? "").toMatch(
      /^(10|127)\.0\.0\.1 - - \[01\/Dec\/2026:\d\d:\d\d:\d\d \+0000\] "GET /,
    );
    expect(p.msg?.endsWith("\n")).toBe(false);
  });

  it("reads nginx's BSD frame: PRI, time, host, tag", () => {
    expect(parts(`<190>Dec  1 10:00:00 web1 nginx: ${LINE}`)).toEqual({
      pri: 190,
      version: 0,
      host: "web1",
      app: "nginx",
      time: "Dec  1 10:00:00",
      msg: LINE,
    });
  });

  it("reads a tag with a pid, a frame without a host, and one without a tag", () => {
    expect(parts(`<13>Dec 12 10:00:00 web1 nginx[123]: ${LINE}`)).toMatchObject({
      host: "web1",
      app: "nginx",
      msg: LINE,
    });
    expect(parts(`<13>Dec 12 10:00:00 nginx: ${LINE}`)).toMatchObject({ host: null, app: "nginx" });
    expect(parts(`<13>Dec 12 10:00:00 web1 ${LINE}`)).toMatchObject({
      host: "web1",
      app: null,
      msg: LINE,
    });
    expect(parts(`<13>nginx: ${LINE}`)).toMatchObject({
      host: null,
      time: null,
      app: "nginx",
      msg: LINE,
    });
  });

  it("reads rsyslog's ISO forward format", () => {
    expect(parts(`<13>2026-12-01T10:00:00.123456+01:00 web1 nginx: ${LINE}`)).toMatchObject({
      host: "web1",
      time: "2026-12-01T10:00:00.123456+01:00",
      msg: LINE,
    });
  });

  it("reads RFC 5424 with nil fields, several SD elements with escapes, and a BOM", () => {
    const sd = '[a@1 x="q\\"]s"][b y="\\\\"]';
    const bom = Buffer.concat([
      Buffer.from(`<165>1 2026-12-01T10:00:00Z - - - ID47 ${sd} `),
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(LINE),
    ]);
    expect(parts(bom)).toEqual({
      pri: 165,
      version: 1,
      host: null,
      app: null,
      time: "2026-12-01T10:00:00Z",
      msg: LINE,
    });
    expect(parts(`<13>1 - web2 app 12 - -`)).toMatchObject({
      host: "web2",
      app: "app",
      time: null,
      msg: "",
    });
  });

  it("names what is wrong with frames that are no syslog", () => {
    expect(parts(LINE)).toEqual({ problem: "bad_frame" });
    expect(parts("<999>x")).toEqual({ problem: "bad_frame" });
    expect(parts("<13")).toEqual({ problem: "bad_frame" });
    expect(parts("")).toEqual({ problem: "bad_frame" });
    expect(parts("<13>1 2026-12-01T10:00:00Z web1")).toEqual({ problem: "bad_header" });
    expect(parts('<13>1 - - - - - [a x="unterminated')).toEqual({ problem: "bad_header" });
    expect(parts("<13>1 - - - - - nosd")).toEqual({ problem: "bad_header" });
  });

  it("never throws on random bytes", () => {
    let seed = 7;
    const m = new SyslogMessage();
    for (let n = 0; n < 20_000; n++) {
      const b = Buffer.alloc(1 + (n % 97));
      for (let i = 0; i < b.length; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        b[i] = n % 3 === 0 ? '<>1 -[]"\\:0123456789abc'.charCodeAt(seed % 23) : seed & 0xff;
      }
      if (n % 5 === 0) b.write("<13>1 ", 0);
      const problem = parseSyslog(b, 0, b.length, m);
      if (problem === null) {
        expect(m.msgStart).toBeLessThanOrEqual(m.msgEnd);
        expect(m.msgEnd).toBeLessThanOrEqual(b.length);
        syslogTime(b, m, 1_800_000_000);
      }
    }
  });

  it("gives a header's time: ISO with its zone, BSD in the local zone, in the nearest year", () => {
    const time = (frame: string, now: number) => {
      const b = Buffer.from(frame);
      const m = new SyslogMessage();
      parseSyslog(b, 0, b.length, m);
      return syslogTime(b, m, now);
    };
    const now = Date.UTC(2027, 0, 1, 0, 30) / 1000;
    expect(time("<13>1 2026-12-31T23:59:59+01:00 h a - - - x", now)).toBe(
      Date.UTC(2026, 11, 31, 22, 59, 59) / 1000,
    );
    expect(time("<13>Dec 31 23:59:59 h a: x", now)).toBe(
      new Date(2026, 11, 31, 23, 59, 59).getTime() / 1000,
    );
    expect(time("<13>Jan  1 00:10:00 h a: x", now)).toBe(
      new Date(2027, 0, 1, 0, 10).getTime() / 1000,
    );
    expect(time("<13>1 - h a - - - x", now)).toBeNaN();
  });
});
