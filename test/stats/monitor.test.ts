import { describe, expect, it } from "vitest";
import { newMonitor, rec, run, steady, T0 } from "./helpers.js";

describe("Monitor: the traffic alert by log time", () => {
  it("does not alert at exactly the threshold", () => {
    expect(run(steady(0, 60)).timeline).toEqual([]);
  });

  it("alerts just above the threshold, at the second it is crossed, with the window's hits", () => {
    const times = [...steady(0, 9), 10, 10, ...steady(11, 15)];
    expect(run(times).timeline).toEqual([["alert", 10, 11]]);
  });

  it("alerts on the last second of the input too", () => {
    expect(run([...steady(0, 9), 9]).timeline).toEqual([["alert", 9, 11]]);
  });

  it("recovers at the window boundary second, when the burst's second leaves the window", () => {
    const { timeline } = run([...steady(0, 0, 11), 9, 11]);
    expect(timeline).toEqual([
      ["alert", 0, 11],
      ["recover", 10, 1],
    ]);
  });

  it("never repeats an alert while firing, and can fire again after recovering", () => {
    const times = [...steady(0, 30, 3), 61, ...steady(80, 90, 3), 120];
    expect(run(times).timeline).toEqual([
      ["alert", 3, 12],
      ["recover", 37, 9],
      ["alert", 83, 12],
      ["recover", 97, 9],
    ]);
  });

  it("recovers during a long gap in the log, then skips the quiet hour cheaply", () => {
    const { timeline, spans } = run([...steady(0, 0, 20), 1, 3601, 3602]);
    expect(timeline).toEqual([
      ["alert", 0, 20],
      ["recover", 10, 1],
    ]);
    // 3601 is held while log time is still at 1; once 3602 confirms the jump it is counted in
    // its own report, never in the one it was read during.
    expect(spans).toEqual([
      [0, 10, 21],
      [10, 3600, 0],
      [3600, 3603, 2],
    ]);
  });

  it("extends the first report back to lines stamped before it, read before it is written", () => {
    const { reports, summary } = run([...steady(20, 25), 16, 15, 11, ...steady(10, 10, 8), 40]);
    expect(reports[0]?.start).toBe(T0 + 10);
    expect(reports[0]?.hits).toBe(17);
    // 16, 15 and 11 were in windows judged before they came (those of 20 to 24); 10 was in none.
    expect(summary.totals.lines.late).toBe(3);
  });

  it("files out-of-order lines under their own second", () => {
    const inOrder = run([...steady(0, 9), 10, 10]);
    const shuffled = run([0, 1, 2, 3, 4, 5, 7, 6, 9, 8, 10, 10]);
    expect(shuffled.timeline).toEqual(inOrder.timeline);
    const lateBurst = run([...steady(0, 5), 7, 6, 6, 6, 6, 6, 8]);
    expect(lateBurst.timeline).toEqual([["alert", 7, 12]]);
    // Second 6 was judged when 7 came (nothing was known to come late yet): the five 6s are
    // late, yet they count in every window not yet judged, so the alert at 7 has them.
    expect(lateBurst.summary.totals.lines.late).toBe(5);
    expect(lateBurst.summary.latenessS).toBe(1);
  });

  it("counts lines that come after their second was judged as late; those a window older are outside it", () => {
    // newest 25, window 10: 24 is judged; the next evaluation covers (15, 25], so 16 still
    // counts there (late all the same), 15 and older are outside every window to come.
    const { summary, timeline, reports } = run([
      ...steady(0, 14),
      ...steady(20, 25),
      16,
      15,
      11,
      ...steady(10, 10, 8),
    ]);
    expect(summary.totals.lines.late).toBe(11);
    expect(timeline).toEqual([]);
    expect(reports.reduce((n, r) => n + r.lines.late, 0)).toBe(11);
    expect(summary.totals.hits).toBe(32);
    const later = run([...steady(0, 14), ...steady(20, 25), ...steady(16, 16, 5)]);
    expect(later.timeline).toEqual([["alert", 25, 11]]);
  });

  it("evaluates the window over exactly its length: (t - window, t]", () => {
    // Second 0 is inside the window of second 9 and outside that of second 10.
    expect(run([...steady(0, 0, 6), ...steady(9, 9, 5)]).timeline).toEqual([["alert", 9, 11]]);
    expect(run([...steady(0, 0, 6), ...steady(10, 10, 5)]).timeline).toEqual([]);
  });
});

describe("Monitor: broken clocks", () => {
  it("counts a single far-future line as skew without wiping or freezing the window", () => {
    const future = Date.UTC(2099, 0, 1) / 1000 - T0;
    const normal = run([...steady(0, 20, 2)]);
    const skewed = run([...steady(0, 9, 2), future, ...steady(10, 20, 2)]);
    expect(skewed.timeline).toEqual(normal.timeline);
    expect(skewed.summary.totals.lines.skew).toBe(1);
    expect(skewed.spans.map((s) => s.slice(0, 2))).toEqual(normal.spans.map((s) => s.slice(0, 2)));
    expect(skewed.summary.totals.last).toBe(T0 + 20);
  });

  it("counts a far-past line (1970) as skew and a first bad line too", () => {
    const r = run([-T0, ...steady(0, 5), -T0 + 5, ...steady(6, 8)]);
    expect(r.summary.totals.lines.skew).toBe(2);
    expect(r.summary.totals.first).toBe(T0);
    expect(r.spans).toEqual([[0, 9, 11]]);
  });

  it("follows a real jump once the next line confirms it, with one report for the gap", () => {
    const day = 86400;
    const r = run([...steady(0, 4), day, day + 1, day + 2]);
    expect(r.summary.totals.lines.skew).toBe(0);
    expect(r.spans).toEqual([
      [0, 10, 5],
      [10, day, 0],
      [day, day + 3, 3],
    ]);
    expect(r.summary.totals.last).toBe(T0 + day + 2);
  });

  it("accepts a jump held at the very end: nothing contradicts it", () => {
    const r = run([...steady(0, 4), 86400]);
    expect(r.summary.totals.lines.skew).toBe(0);
    expect(r.summary.totals.last).toBe(T0 + 86400);
    expect(r.spans).toEqual([
      [0, 10, 5],
      [10, 86400, 0],
      [86400, 86401, 1],
    ]);
  });

  it("advances through a sparse log whose lines are all more than a window apart", () => {
    const times = [0, 180, 360, 540, 541, 900];
    const r = run(times, { threshold: 100 });
    expect(r.summary.totals.lines.skew).toBe(0);
    expect(r.summary.totals.lines.late).toBe(0);
    expect(r.summary.totals.last).toBe(T0 + 900);
    expect(r.reports.reduce((n, s) => n + s.hits, 0)).toBe(times.length);
  });

  it("decides between two disagreeing first lines by the third", () => {
    const bad = Date.UTC(1970, 0, 1) / 1000 - T0;
    expect(run([bad, 0, 1]).summary.totals).toMatchObject({ first: T0, lines: { skew: 1 } });
    expect(run([0, bad, 1]).summary.totals).toMatchObject({ first: T0, lines: { skew: 1 } });
  });

  it("starts from a lone line when it is all there is", () => {
    const r = run([7]);
    expect(r.spans).toEqual([[7, 8, 1]]);
    expect(r.summary.totals.first).toBe(T0 + 7);
  });
});

describe("Monitor: reports", () => {
  it("cuts reports on interval boundaries of log time, the first from the first line", () => {
    const r = run(steady(3, 31), { threshold: 100 });
    expect(r.spans).toEqual([
      [3, 10, 7],
      [10, 20, 10],
      [20, 30, 10],
      [30, 32, 2],
    ]);
  });

  it("counts each line in the report during which it was read, so reports add up to totals", () => {
    const times = [...steady(0, 25), 3, 2, -1000, 26, 27, 3, 50];
    const r = run(times, { threshold: 100 });
    const sum = r.reports.reduce((n, s) => n + s.hits, 0);
    expect(sum).toBe(times.length);
    expect(r.summary.totals.hits).toBe(times.length);
    expect(r.reports.at(-1)?.totals.hits).toBe(times.length);
  });

  it("makes a gap one report whatever the window, even while the window still holds lines", () => {
    const sixDays = 6 * 86400;
    const { spans, timeline } = run([0, sixDays], { intervalS: 1, windowS: 7 * 86400 });
    expect(spans).toEqual([
      [0, 1, 1],
      [1, sixDays, 0],
      [sixDays, sixDays + 1, 1],
    ]);
    expect(timeline).toEqual([]);
    const gap = run([...steady(0, 0, 30), 100], { intervalS: 10, windowS: 120, threshold: 0.1 });
    expect(gap.spans).toEqual([
      [0, 10, 30],
      [10, 100, 0],
      [100, 101, 1],
    ]);
    expect(gap.timeline).toEqual([["alert", 0, 30]]);
  });

  it("puts the line that moves log time into the new interval", () => {
    expect(run([0, 5, 10], { threshold: 100 }).spans).toEqual([
      [0, 10, 2],
      [10, 11, 1],
    ]);
  });

  it("emits alerts before the report of their interval", () => {
    const r = run([...steady(0, 9), 10, 10, 20], { windowS: 10 });
    const kinds = r.outputs.map((o) =>
      o.kind === "alert" ? o.event.kind : `report ${o.snapshot.start - T0}`,
    );
    expect(kinds).toEqual(["report 0", "alert", "recover", "report 10", "report 20"]);
  });

  it("reports sections with status classes, hosts, methods, status codes and bytes", () => {
    const r = run(
      [
        rec(0, { section: "/api", status: 200, bytes: 10 }),
        rec(0, { section: "/api", status: 503, bytes: 20, host: "b" }),
        rec(1, { section: "/pages", status: 404, method: "POST" }),
        rec(1, { section: "/api", status: 301, bytes: 0 }),
      ],
      { threshold: 100, top: 1 },
    );
    const s = r.reports[0];
    expect(s?.sections).toEqual([
      { key: "/api", hits: 3, classes: [0, 1, 1, 0, 1], bytes: 30, latency: null, error: 0 },
    ]);
    expect(s?.otherSectionHits).toBe(1);
    expect(s?.hosts.map((h) => [h.key, h.hits])).toEqual([["10.0.0.1", 3]]);
    expect([...(s?.methods ?? [])]).toEqual([
      ["GET", 3],
      ["POST", 1],
    ]);
    expect([...(s?.status ?? [])]).toEqual([
      [200, 1],
      [301, 1],
      [404, 1],
      [503, 1],
    ]);
    expect(s?.bytes).toBe(130);
    expect(s?.classes).toEqual([0, 1, 1, 1, 1]);
  });

  it("counts unparsed lines by reason with a few samples each", () => {
    const outputs: string[] = [];
    const r = run([0, 1]);
    expect(r.summary.samples).toEqual([]);
    const m = newMonitor(() => undefined);
    const tally = m.input("x.log");
    for (let i = 0; i < 5; i++) {
      m.invalid("bad_status", tally, () => {
        outputs.push(`sample ${i}`);
        return { reason: "bad_status", source: "x.log", lineNo: i + 1, text: `line ${i}` };
      });
    }
    m.invalid("empty", tally, () => ({ reason: "empty", source: "x.log", lineNo: 9, text: "" }));
    const summary = m.finish();
    expect(outputs).toEqual(["sample 0", "sample 1", "sample 2"]);
    expect(summary.samples.map((s) => [s.reason, s.lineNo])).toEqual([
      ["bad_status", 1],
      ["bad_status", 2],
      ["bad_status", 3],
      ["empty", 9],
    ]);
    expect([...summary.totals.errors]).toEqual([
      ["bad_status", 5],
      ["empty", 1],
    ]);
    expect(summary.totals.lines).toMatchObject({ read: 6, invalid: 6, parsed: 0 });
  });
});
