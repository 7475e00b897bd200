import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AlertLine, MonitorEvent, ReportEvent, SummaryEvent } from "../../src/core/event.js";
import { formatClfTime } from "../../src/generate/formats.js";
import { startLogmon } from "./live.js";
import { logmon, ROOT } from "./run.js";

const MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

/** The epoch second of a Combined line's [dd/Mon/yyyy:HH:MM:SS +zzzz] stamp, read without logmon. */
function stampOf(line: string): number {
  const m = /\[(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)\]/.exec(line);
  if (m === null) throw new Error(`no stamp in ${line}`);
  const [d, mon, y, hh, mm, ss, sign, oh, om] = m.slice(1);
  const n = (text: string | undefined) => Number(text);
  const utc = Date.UTC(n(y), MONTHS.indexOf(mon ?? "") / 3, n(d), n(hh), n(mm), n(ss)) / 1000;
  return utc - (sign === "-" ? -1 : 1) * (n(oh) * 3600 + n(om) * 60);
}

type Crossing = [kind: "alert" | "recover", time: number, hits: number];

/**
 * The alert timeline an observer with every line in hand computes: the lines sorted by time, the
 * window slid second by second over (t - window, t], above `max` req/s fires, at or below recovers.
 */
function trueTimeline(stamps: number[], max: number, windowS: number): Crossing[] {
  const perSecond = new Map<number, number>();
  for (const t of stamps) perSecond.set(t, (perSecond.get(t) ?? 0) + 1);
  const first = Math.min(...stamps);
  const last = Math.max(...stamps);
  const out: Crossing[] = [];
  let hits = 0;
  let firing = false;
  for (let s = first; s <= last; s++) {
    hits += (perSecond.get(s) ?? 0) - (perSecond.get(s - windowS) ?? 0);
    const above = hits / windowS > max;
    if (above !== firing) out.push([above ? "alert" : "recover", s, hits]);
    firing = above;
  }
  return out;
}

function timeline(events: MonitorEvent[]): Crossing[] {
  return events
    .filter((e): e is AlertLine => e.type === "alert" || e.type === "recover")
    .map((e) => [e.type, Date.parse(e.time) / 1000, e.hits]);
}

async function replay(file: string, extra: string[] = []): Promise<MonitorEvent[]> {
  const r = await logmon(["--replay", "--json", "-m", "5", "-w", "1m", ...extra, file]);
  expect(r.stderr).toBe("");
  return r.stdout
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as MonitorEvent);
}

const summary = (events: MonitorEvent[]) => events.at(-1) as SummaryEvent;

describe.each([30, 59])(
  "a log whose lines are written up to %i s after their timestamp",
  (bound) => {
    const file = join(ROOT, `fixtures/disorder/late-${bound}s.log`);
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    const stamps = lines.map(stampOf);

    it("is really out of order (the fixture itself)", () => {
      let newest = 0;
      let behind = 0;
      let lag = 0;
      for (const t of stamps) {
        if (t < newest) behind++;
        lag = Math.max(lag, newest - t);
        newest = Math.max(newest, t);
      }
      expect(behind / stamps.length).toBeGreaterThan(0.8);
      expect(lag).toBe(bound);
    });

    it("raises every alert and recovery at the true crossing second, with the window's full hits", async () => {
      const events = await replay(file);
      const expected = trueTimeline(stamps, 5, 60);
      expect(expected.length).toBeGreaterThanOrEqual(4);
      expect(timeline(events)).toEqual(expected);
      expect(summary(events).lateness_s).toBe(bound);
    });

    it("gives the same timeline as the same lines in timestamp order, where it learns no lateness", async () => {
      const dir = mkdtempSync(join(tmpdir(), "logmon-sorted-"));
      const sorted = join(dir, "sorted.log");
      const order = lines.map((line, i) => ({ line, t: stamps[i] as number }));
      order.sort((a, b) => a.t - b.t);
      writeFileSync(sorted, `${order.map((o) => o.line).join("\n")}\n`);
      const inOrder = await replay(sorted);
      expect(summary(inOrder).lateness_s).toBe(0);
      expect(summary(inOrder).totals.lines.late).toBe(0);
      expect(timeline(await replay(file))).toEqual(timeline(inOrder));
    });

    it("a configured rule with a window shorter than the lateness gets the same timeline as on the sorted lines", async () => {
      const dir = mkdtempSync(join(tmpdir(), "logmon-rule-late-"));
      const config = join(dir, "rules.yaml");
      writeFileSync(
        config,
        "high_traffic: false\nrules:\n  - { name: spike, kind: rate, max: 7, window: 10s }\n",
      );
      const sorted = join(dir, "sorted.log");
      const order = lines.map((line, i) => ({ line, t: stamps[i] as number }));
      order.sort((a, b) => a.t - b.t);
      writeFileSync(sorted, `${order.map((o) => o.line).join("\n")}\n`);
      const inOrder = timeline(await replay(sorted, ["--config", config]));
      expect(inOrder.length).toBeGreaterThanOrEqual(2);
      expect(timeline(await replay(file, ["--config", config]))).toEqual(inOrder);
    });

    it("counts each report's lines by their own timestamps, every line in exactly one report", async () => {
      const events = await replay(file);
      const reports = events.filter((e): e is ReportEvent => e.type === "report");
      let differ = 0;
      for (const r of reports) {
        const [start, end] = [Date.parse(r.start) / 1000, Date.parse(r.end) / 1000];
        const stamped = stamps.filter((t) => t >= start && t < end).length;
        differ += Math.abs(r.hits - stamped);
      }
      // Late: the lines that came before the lateness was learned, in the first minute.
      const late = summary(events).totals.lines.late;
      expect(late).toBeLessThan(stamps.length * 0.02);
      // A late line is in the report being built rather than its own: two reports differ by one.
      expect(differ).toBeLessThanOrEqual(2 * late);
      expect(reports.reduce((n, r) => n + r.hits, 0)).toBe(stamps.length);
    });

    it("--lateness 0 judges each second at once, as logmon did before: alerts come late and inflated", async () => {
      const events = await replay(file, ["--lateness", "0"]);
      const at = timeline(events);
      const truth = trueTimeline(stamps, 5, 60);
      expect(at).not.toEqual(truth);
      expect(summary(events).lateness_s).toBe(0);
      expect(summary(events).totals.lines.late).toBeGreaterThan(stamps.length / 2);
    });
  },
);

describe("--lateness on the command line", () => {
  it("is a duration no longer than the window", async () => {
    const long = await logmon(["--replay", "-w", "1m", "--lateness", "2m", "x.log"]);
    expect(long).toMatchObject({ code: 2, stdout: "" });
    expect(long.stderr).toBe("logmon: --lateness must not be longer than --window\n");
    const bad = await logmon(["--replay", "--lateness", "soon", "x.log"]);
    expect(bad.stderr).toBe(
      "logmon: option '--lateness <duration>' argument 'soon' is invalid. --lateness must be a duration like 10s, 2m or 1h\n",
    );
  });
});

/** Follows a file a writer appends to in real time, its lines stamped up to `lagS` before they are written. */
async function followWithLag(lagS: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "logmon-lag-"));
  const log = join(dir, "access.log");
  writeFileSync(log, "");
  const run = startLogmon(["-f", log, "--json", "--from-start", "-m", "8", "-w", "5s"]);
  const stamps: number[] = [];
  const arrivals = new Map<number, number>();
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const started = Date.now();
  const writer = setInterval(() => {
    const now = Date.now() / 1000;
    const busy = Date.now() - started > 6000;
    let text = "";
    for (let i = 0; i < (busy ? 5 : 1); i++) {
      const t = Math.floor(now - random() * lagS);
      stamps.push(t);
      text += `10.0.0.${i} - - [${formatClfTime(t)}] "GET /x HTTP/1.1" 200 1\n`;
    }
    appendFileSync(log, text);
  }, 200);
  try {
    await expect
      .poll(
        () => {
          for (const e of run.events()) {
            if (e.type === "alert" && !arrivals.has(Date.parse(e.time as string) / 1000)) {
              arrivals.set(Date.parse(e.time as string) / 1000, Date.now());
            }
          }
          return arrivals.size;
        },
        { timeout: 30_000, interval: 50 },
      )
      .toBeGreaterThan(0);
  } finally {
    clearInterval(writer);
  }
  // Every line stamped at or before the crossing is written by now (at most lagS after it).
  const [alert] = timeline(run.events() as unknown as MonitorEvent[]);
  const [truth] = trueTimeline(stamps, 8, 5);
  run.proc.kill("SIGINT");
  await run.exited;
  expect(alert?.[1]).toBe(truth?.[1]);
  expect(Math.abs((alert?.[2] ?? 0) - (truth?.[2] ?? 0))).toBeLessThanOrEqual(3);
  const arrivedAfterS =
    ((arrivals.get(alert?.[1] as number) as number) - (alert?.[1] as number) * 1000) / 1000;
  // The second's end, the lateness, one more second to be sure it is complete, and file events.
  expect(arrivedAfterS).toBeLessThan(1 + lagS + 1 + 1.5);
}

describe("following a log written out of order (real time)", () => {
  it(
    "alerts at the true second, about the lateness plus a second after it",
    () => followWithLag(4),
    60_000,
  );
  it(
    "with lines in order, alerts within a second or so, as before",
    () => followWithLag(0),
    60_000,
  );
});
