import { describe, expect, it } from "vitest";
import { AgentClassifier } from "../../src/stats/agents.js";
import { HASH_SEED } from "../../src/core/hash.js";
import { HLL_STANDARD_ERROR, hashText, HyperLogLog, visitorHash } from "../../src/stats/hll.js";

const pairHash = (host: string, agent: string) => visitorHash(host, hashText(HASH_SEED, agent));
import { RunStats } from "../../src/stats/run.js";
import { LINES } from "../../src/stats/run-parts.js";
import { rec, T0 } from "./helpers.js";

describe("unique visitors (HyperLogLog)", () => {
  it("counts within 3 standard errors (±4.9 %) from a handful to a million", () => {
    for (const n of [1, 10, 300, 5_000, 100_000, 1_000_000]) {
      const h = new HyperLogLog();
      for (let i = 0; i < n; i++)
        h.add(pairHash(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, "agent"));
      // Adding the same values again changes nothing.
      for (let i = 0; i < Math.min(n, 1000); i++)
        h.add(pairHash(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, "agent"));
      const error = Math.abs(h.count() - n) / n;
      expect(error).toBeLessThanOrEqual(n < 300 ? 0.02 : 3 * HLL_STANDARD_ERROR);
    }
  });

  it("tells host + agent pairs apart", () => {
    const h = new HyperLogLog();
    for (const agent of ["curl/8", "Firefox/132", "curl/8"]) h.add(pairHash("10.0.0.1", agent));
    h.add(pairHash("10.0.0.1curl/8", ""));
    expect(h.count()).toBe(3);
  });
});

describe("user agent families", () => {
  const c = new AgentClassifier();
  it.each([
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
      "Chrome",
      "Windows",
      null,
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0",
      "Edge",
      "Windows",
      null,
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
      "Safari",
      "iOS",
      null,
    ],
    [
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36",
      "Chrome",
      "Android",
      null,
    ],
    [
      "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
      "Firefox",
      "Linux",
      null,
    ],
    [
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
      "Safari",
      "macOS",
      null,
    ],
    [
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
      "Crawler",
      "Crawler",
      "Googlebot",
    ],
    ["curl/8.5.0", "Crawler", "Crawler", "curl"],
    ["python-requests/2.31", "Crawler", "Crawler", "Python"],
    ["", "Other", "Other", null],
  ])("%s", (agent, browser, os, crawler) => {
    expect(c.classify(agent)).toMatchObject({ browser, os, crawler });
  });
});

describe("run-wide statistics", () => {
  it("lists full paths, 404s, paths by error class, hosts and external referrers", () => {
    const run = new RunStats({ siteHosts: ["www.example.com"] });
    const r = (path: string, status: number, fields = {}) =>
      run.record(rec(0, { path, section: `/${path.split("/")[1] ?? ""}`, status, ...fields }));
    r("/a/1", 200, { referrer: "https://news.example.org/x" });
    r("/a/1", 404, { referrer: "https://www.example.com/home" });
    r("/a/2", 404, { host: "10.0.0.2", referrer: "https://news.example.org/x" });
    r("/b", 503, { time: T0 + 3600 });
    const s = run.snapshot(10);
    expect(s.paths).toEqual([
      { key: "/a/1", hits: 2 },
      { key: "/a/2", hits: 1 },
      { key: "/b", hits: 1 },
    ]);
    expect(s.sections).toEqual([
      { key: "/a", hits: 3 },
      { key: "/b", hits: 1 },
    ]);
    expect(s.not_found).toEqual([
      { key: "/a/1", hits: 1 },
      { key: "/a/2", hits: 1 },
    ]);
    expect(s.paths_4xx).toEqual(s.not_found);
    expect(s.paths_5xx).toEqual([{ key: "/b", hits: 1 }]);
    expect(s.hosts).toEqual([
      { key: "10.0.0.1", hits: 3 },
      { key: "10.0.0.2", hits: 1 },
    ]);
    expect(s.referrers).toEqual([{ key: "https://news.example.org/x", hits: 2 }]);
    expect(s.status).toEqual({ 200: 1, 404: 2, 503: 1 });
    expect(s.hours[8]).toBe(3);
    expect(s.hours[9]).toBe(1);
    expect(s.days).toEqual([{ day: "2026-11-21", hits: 4, visitors: 2 }]);
  });

  it("crosses to another thread and back as plain data: counting goes on as if it never left", () => {
    const feed = (run: RunStats, from: number, to: number) => {
      for (let i = from; i < to; i++) {
        run.record(
          rec(i * 7, {
            path: `/p/${i % 3000}`,
            section: "/p",
            host: `10.0.${(i >> 8) & 255}.${i & 255}`,
            status: i % 11 === 0 ? 404 : i % 13 === 0 ? 503 : 200,
            agent: i % 2 === 0 ? "curl/8" : `Mozilla/5.0 (X11; Linux) Firefox/${i % 40}`,
            referrer: i % 5 === 0 ? `https://r${i % 9}.example/` : "",
          }),
        );
      }
    };
    const alone = new RunStats();
    feed(alone, 0, 30_000);
    const first = new RunStats();
    feed(first, 0, 12_000);
    // The state goes through a structured clone, as to a worker thread.
    const there = new RunStats();
    there.load(structuredClone(first.state()));
    feed(there, 12_000, 30_000);
    const back = new RunStats();
    back.load(structuredClone(there.state()));
    // Every row, past the tables' capacity (3,000 paths: rows were taken over on both sides).
    expect(back.snapshot(5000)).toEqual(alone.snapshot(5000));
    expect(alone.snapshot(5000).paths.some((r) => r.hits_error !== undefined)).toBe(true);
  });

  it("while lent to another thread: counts the rest here, shows the lists it sent, passes R on", () => {
    const lines = [
      rec(0, { path: "/a", section: "/a", host: "10.0.0.1", agent: "curl/8" }),
      rec(1, { path: "/b", section: "/b", host: "10.0.0.2", agent: "Mozilla/5.0 Firefox/120" }),
      rec(2, { path: "/b", section: "/b", host: "10.0.0.2", agent: "curl/8" }),
      rec(3, { path: "/c", section: "/c", host: "10.0.0.3", agent: "curl/8" }),
    ] as const;
    const alone = new RunStats();
    for (const r of lines) alone.record({ ...r });
    const run = new RunStats();
    run.record({ ...lines[0] });
    const asked: number[] = [];
    let resets = 0;
    const state = run.lend({ ask: (top) => asked.push(top), reset: () => resets++ });
    // Only the LINES part crosses (referrers, agents): the counts and the paths stay here.
    expect(state.counts).toBeNull();
    expect(state.tables.map((t) => t !== null)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      true,
    ]);
    const there = new RunStats();
    there.load(structuredClone(state), LINES);
    there.countLines();
    for (const r of [lines[1], lines[2]]) {
      // As a batch carries it: the parsing thread counts the line first and leaves the agent's
      // hash; the path goes with the record.
      const line = { ...r };
      there.record(line);
      run.record({ ...line, agent: "" });
    }
    // Nothing sent yet: the browsers are those of before; paths, sections and hosts are
    // counted here.
    expect(run.snapshot(5).browsers).toEqual([{ key: "Crawler", hits: 1 }]);
    for (const list of ["paths", "sections"] as const) {
      expect(run.snapshot(5)[list]).toEqual([
        { key: "/b", hits: 2 },
        { key: "/a", hits: 1 },
      ]);
    }
    expect(asked).toEqual([5, 5, 5]);
    run.lent(there.snapshot(5));
    expect(run.snapshot(5).browsers).toEqual([
      { key: "Crawler", hits: 2 },
      { key: "Firefox", hits: 1 },
    ]);
    run.resume(structuredClone(there.state(LINES)));
    run.record({ ...lines[3] });
    // Visitors too: the hosts counted here met the agents' hashes found there (10.0.0.2 came
    // with two agents while lent: two visitors).
    expect(run.snapshot(5)).toEqual(alone.snapshot(5));
    expect(run.snapshot(5).days[0]?.visitors).toBe(4);
    run.lend({ ask: () => undefined, reset: () => resets++ });
    run.reset();
    expect(resets).toBe(1);
    expect(run.snapshot(5).sections).toEqual([]);
  });

  it("counts agent families exactly across more distinct agents than its cache holds", () => {
    const run = new RunStats();
    for (let i = 0; i < 25_000; i++)
      run.record(
        rec(0, { agent: i % 2 === 0 ? `curl/${i}` : `Mozilla/5.0 (X11; Linux) Firefox/${i}` }),
      );
    const s = run.snapshot(10);
    expect(s.browsers).toEqual([
      { key: "Crawler", hits: 12_500 },
      { key: "Firefox", hits: 12_500 },
    ]);
    expect(s.crawlers).toEqual([{ key: "curl", hits: 12_500 }]);
    expect(run.snapshot(10).browsers).toEqual(s.browsers);
    expect(Math.abs((s.days[0]?.visitors ?? 0) - 25_000) / 25_000).toBeLessThan(
      3 * HLL_STANDARD_ERROR,
    );
  });

  it("keeps memory flat past its tables: listed counts are lower bounds within hits_error", () => {
    const run = new RunStats();
    const truth = new Map<string, number>();
    for (let i = 0; i < 60_000; i++) {
      // A few hot paths among 20,000 cold ones.
      const path = i % 3 === 0 ? `/hot/${i % 7}` : `/cold/${i}`;
      truth.set(path, (truth.get(path) ?? 0) + 1);
      run.record(rec(0, { path, section: "/x" }));
    }
    const paths = run.snapshot(10).paths;
    expect(
      paths
        .slice(0, 7)
        .map((p) => p.key)
        .sort(),
    ).toEqual(Array.from({ length: 7 }, (_, k) => `/hot/${k}`).sort());
    for (const p of paths) {
      const exact = truth.get(p.key) as number;
      expect(p.hits).toBeLessThanOrEqual(exact);
      expect(p.hits + (p.hits_error ?? 0)).toBeGreaterThanOrEqual(exact);
    }
    expect(paths.some((p) => (p.hits_error ?? 0) > 0)).toBe(true);
  });
});
