import { describe, expect, it } from "vitest";
import { zoneFromTz } from "../../src/core/time.js";
import { compileNginx } from "../../src/parse/formats.js";

describe("TZ as logmon reads it", () => {
  it("leaves zones the runtime knows to it", () => {
    for (const tz of [undefined, "", "UTC", "Europe/Paris", ":Europe/Paris", "EST5EDT"]) {
      expect(zoneFromTz(tz)).toEqual({ zone: null, problem: null });
    }
  });

  it("reads POSIX zones without daylight rules as fixed offsets (west is positive in POSIX)", () => {
    expect(zoneFromTz("<+0530>-5:30").zone).toBe("+05:30");
    expect(zoneFromTz("IST-5:30").zone).toBe("+05:30");
    expect(zoneFromTz("<-03>3").zone).toBe("-03:00");
    expect(zoneFromTz("UTC0").zone).toBe("+00:00");
  });

  it("says so, rather than falling back to UTC silently, for one it cannot read", () => {
    const r = zoneFromTz("Bogus/Zone");
    expect(r.zone).toBe("UTC");
    expect(r.problem).toContain("TZ=Bogus/Zone is not a time zone logmon can read");
  });
});

describe("an nginx log_format with an unclosed quote", () => {
  it("is reported as such, with where", () => {
    expect(() =>
      compileNginx(`log_format main '$remote_addr [$time_local] "$request" ' '$status`),
    ).toThrow("unclosed ' at character 42 of the format");
  });
});
