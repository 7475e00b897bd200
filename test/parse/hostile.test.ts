import { describe, expect, it } from "vitest";
import { emptyRecord, type ParseErrorReason } from "../../src/core/types.js";
import { parserFactory } from "../../src/parse/detect.js";
import { jsonParser } from "../../src/parse/jsonl.js";

/** Parses one line with `format`: the reason it failed, or the record it made. */
function parse(format: string, line: string) {
  const parser = parserFactory(format)();
  const rec = emptyRecord();
  const b = Buffer.from(line);
  const reason = parser.parse(b, 0, b.length, rec);
  return { reason, rec };
}

const json = (fields: Record<string, unknown>) =>
  JSON.stringify({ time: "2026-11-21T08:00:00Z", status: 200, remote_addr: "10.0.0.1", ...fields });

describe("hostile values in fields are unparsed lines with their reason, never a throw", () => {
  it.each([
    ["status", { status: { toString: 1 } }, "bad_status"],
    ["status", { status: [200] }, "bad_status"],
    ["host", { remote_addr: { toString: 1 } }, "bad_field"],
    ["vhost", { host: { valueOf: 1 } }, "bad_field"],
    ["method", { request_method: ["GET"] }, "bad_field"],
    ["bytes", { body_bytes_sent: { toString: 1 } }, "bad_bytes"],
    ["bytes", { body_bytes_sent: 1e300 }, "bad_bytes"],
    ["bytes", { body_bytes_sent: -5 }, "bad_bytes"],
    ["latency", { request_time: { toString: 1 } }, "bad_latency"],
    ["latency", { request_time: 1e308 }, "bad_latency"],
    ["latency", { request_time: -1 }, "bad_latency"],
    ["time", { time: 1e20 }, "bad_timestamp"],
    ["time", { time: { toString: 1 } }, "bad_timestamp"],
    ["time", { time: "99999999999999999999999" }, "bad_timestamp"],
  ] as [string, Record<string, unknown>, ParseErrorReason][])(
    "JSON %s = %j is %s",
    (_field, fields, reason) => {
      expect(() =>
        jsonParser().parse(Buffer.from(json(fields)), 0, json(fields).length, emptyRecord()),
      ).not.toThrow();
      expect(parse("json", json(fields)).reason).toBe(reason);
    },
  );

  it("reads epoch times in seconds, milliseconds, microseconds and nanoseconds by their size", () => {
    const at = Date.UTC(2026, 0, 1, 0, 0, 0) / 1000;
    for (const t of [at, at * 1e3 + 123, at * 1e6 + 123456, Number("1767225600123456789")]) {
      const r = parse("json", json({ time: t }));
      expect([r.reason, r.rec.time]).toEqual([null, at]);
    }
  });

  it("format strings: a time beyond the year 9999 and absurd sizes and durations", () => {
    const nginx = "$remote_addr [$msec] $status $body_bytes_sent $request_time";
    expect(parse(nginx, "10.0.0.1 [99999999999999999999] 200 5 0.1").reason).toBe("bad_timestamp");
    expect(parse(nginx, "10.0.0.1 [1767225600.5] 200 5 0.1").reason).toBeNull();
    expect(parse(nginx, "10.0.0.1 [1767225600.5] 200 99999999999999999999 0.1").reason).toBe(
      "bad_bytes",
    );
    expect(parse(nginx, `10.0.0.1 [1767225600.5] 200 5 ${"9".repeat(400)}`).reason).toBe(
      "bad_latency",
    );
  });

  it("Common/Combined: a byte count above 2^53 − 1 is bad_bytes", () => {
    const line = (bytes: string) =>
      `10.0.0.1 - - [21/Nov/2026:08:00:00 +0000] "GET / HTTP/1.1" 200 ${bytes}`;
    expect(parse("clf", line("9007199254740991")).reason).toBeNull();
    expect(parse("clf", line("9999999999999999")).reason).toBe("bad_bytes");
  });
});
