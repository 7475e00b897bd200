import { describe, expect, it } from "vitest";
import { emptyRecord } from "../../src/core/types.js";
import { LineGenerator, type GeneratorConfig } from "../../src/generate/generator.js";
import { Random, Zipf } from "../../src/generate/random.js";
import { parseClf } from "../../src/parse/clf.js";

const START = Date.UTC(2026, 0, 1) / 1000;

function generator(over: Partial<GeneratorConfig> = {}): LineGenerator {
  return new LineGenerator({
    steps: [{ rate: 20, duration: 60 }],
    repeat: false,
    start: START,
    count: null,
    duration: null,
    jitterS: 0,
    junk: 0,
    format: "combined",
    seed: 7,
    ...over,
  });
}

/** Every line still to come, empty ones included. */
function all(gen: LineGenerator): string[] {
  const text = gen.until(Infinity);
  return text === "" ? [] : text.slice(0, -1).split("\n");
}

function parsed(line: string) {
  const rec = emptyRecord();
  const buf = Buffer.from(line);
  return { reason: parseClf(buf, 0, buf.length, rec), rec };
}

describe("LineGenerator: how many lines, and when", () => {
  it("meets any rate exactly per step, fractional rates too", () => {
    const steps = [
      { rate: 0.5, duration: 60 },
      { rate: 2.5, duration: 10 },
      { rate: 200, duration: 60 },
    ];
    expect(all(generator({ steps }))).toHaveLength(30 + 25 + 12_000);
  });

  it("is within one line of the rate at every moment, however the time is sliced (the live writer)", () => {
    const gen = generator({ steps: [{ rate: 200, duration: 60 }] });
    let written = 0;
    for (let t = 0.013; t <= 60; t += 0.0137) {
      written += gen.until(t).split("\n").length - 1;
      expect(Math.abs(written - 200 * t)).toBeLessThanOrEqual(1);
    }
    written += gen.until(Infinity).split("\n").length - 1;
    expect(written).toBe(12_000);
  });

  it("stops at --count or --duration, and repeats a steady rate until then", () => {
    const steady = { steps: [{ rate: 20, duration: 1 }], repeat: true };
    expect(all(generator({ ...steady, count: 1234 }))).toHaveLength(1234);
    expect(all(generator({ ...steady, duration: 90 }))).toHaveLength(1800);
  });

  it("gives the same bytes for the same seed, other bytes for another", () => {
    expect(generator().until(Infinity)).toBe(generator().until(Infinity));
    expect(generator({ seed: 8 }).until(Infinity)).not.toBe(generator().until(Infinity));
  });

  it("stamps lines up to --jitter seconds before they are written, never after", () => {
    const gen = generator({ steps: [{ rate: 10, duration: 30 }], jitterS: 3 });
    let outOfOrder = 0;
    let last = 0;
    for (let second = 1; second <= 30; second++) {
      for (const line of gen.until(second).trimEnd().split("\n")) {
        const t = parsed(line).rec.time - START;
        expect(t).toBeLessThanOrEqual(second - 1);
        expect(t).toBeGreaterThanOrEqual(second - 1 - 3);
        if (t < last) outOfOrder++;
        last = t;
      }
    }
    expect(outOfOrder).toBeGreaterThan(30);
  });
});

describe("LineGenerator: what the lines look like", () => {
  const lines = all(generator({ steps: [{ rate: 100, duration: 100 }] }));
  const recs = lines.map((l) => parsed(l));

  it("writes Combined lines that logmon parses, with realistic variety", () => {
    expect(recs.every((r) => r.reason === null)).toBe(true);
    const sections = new Map<string, number>();
    for (const { rec } of recs) sections.set(rec.section, (sections.get(rec.section) ?? 0) + 1);
    const ranked = [...sections.values()].sort((a, b) => b - a);
    expect(sections.size).toBeGreaterThan(40);
    expect((ranked[0] as number) / lines.length).toBeGreaterThan(0.1);
    expect(new Set(recs.map((r) => r.rec.host)).size).toBeGreaterThan(500);
    expect(recs.some((r) => r.rec.host.includes(":"))).toBe(true);
    expect(new Set(recs.map((r) => r.rec.method))).toEqual(
      new Set(["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS"]),
    );
    const ok = recs.filter((r) => r.rec.status < 300).length / lines.length;
    expect(ok).toBeGreaterThan(0.8);
    expect(lines.some((l) => / 304 - "/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes("?"))).toBe(true);
  });

  it("raises the 5xx share and the hot section during an incident step", () => {
    const incident = all(
      generator({ steps: [{ rate: 100, duration: 50, errorShare: 0.3, hotSection: "/checkout" }] }),
    ).map((l) => parsed(l).rec);
    const share5xx = incident.filter((r) => r.status >= 500).length / incident.length;
    const hot = incident.filter((r) => r.section === "/checkout").length / incident.length;
    expect(share5xx).toBeGreaterThan(0.25);
    expect(share5xx).toBeLessThan(0.35);
    expect(hot).toBeGreaterThan(0.45);
  });

  it("mixes in malformed lines at the --junk share, none of which parses", () => {
    const mixed = all(generator({ steps: [{ rate: 100, duration: 100 }], junk: 0.05 }));
    const bad = mixed.filter((l) => parsed(l).reason !== null).length;
    expect(mixed).toHaveLength(10_000);
    expect(bad / mixed.length).toBeGreaterThan(0.04);
    expect(bad / mixed.length).toBeLessThan(0.06);
  });

  it("writes Common, W3C (with its directives) and JSON lines too", () => {
    const common = all(generator({ format: "common", count: 1 }))[0] as string;
    expect(common).toMatch(
      /^\S+ - - \[01\/Jan\/2026:00:00:00 \+0000\] "[A-Z]+ \/\S* HTTP\/1\.1" \d{3} (\d+|-)$/,
    );
    const w3c = generator({ format: "w3c", count: 2 });
    const text = w3c.header() + w3c.until(Infinity);
    expect(text.split("\n").slice(0, 4)).toEqual([
      "#Software: logmon generate",
      "#Version: 1.0",
      "#Date: 2026-01-01 00:00:00",
      "#Fields: date time c-ip cs-method cs-uri-stem cs-uri-query sc-status sc-bytes time-taken cs(User-Agent) cs(Referer)",
    ]);
    expect(text.split("\n")[4]?.split(" ")).toHaveLength(11);
    const json = JSON.parse(all(generator({ format: "json", count: 1 }))[0] as string) as Record<
      string,
      unknown
    >;
    expect(json).toMatchObject({
      time_iso8601: "2026-01-01T00:00:00+00:00",
      request_method: expect.any(String),
    });
    expect(Object.keys(json)).toEqual([
      "time_iso8601",
      "remote_addr",
      "request_method",
      "request_uri",
      "status",
      "body_bytes_sent",
      "http_referer",
      "http_user_agent",
      "request_time",
    ]);
  });
});

describe("Random and Zipf", () => {
  it("repeat for a seed and favour low ranks", () => {
    const a = new Random(1);
    const b = new Random(1);
    expect([a.next(), a.next(), a.int(1, 6)]).toEqual([b.next(), b.next(), b.int(1, 6)]);
    const zipf = new Zipf(50);
    const counts = Array<number>(50).fill(0);
    const r = new Random(3);
    for (let i = 0; i < 20_000; i++) {
      const rank = zipf.sample(r);
      counts[rank] = (counts[rank] ?? 0) + 1;
    }
    expect(counts[0]).toBeGreaterThan(counts[10] as number);
    expect(counts[10]).toBeGreaterThan(counts[49] as number);
    expect(counts.every((c) => c > 0)).toBe(true);
  });
});
