import { describe, expect, it } from "vitest";
import type { LogRecord } from "../../../src/core/types.js";
import type { DashboardInput, UiState } from "../../../src/output/dashboard/model.js";
import { dashboardModel, wrap } from "../../../src/output/dashboard/viewmodel.js";
import { alertEvent, reportEvent } from "../../../src/core/event.js";
import type { MonitorOutput } from "../../../src/stats/monitor.js";
import { newMonitor, rec, T0 } from "../../stats/helpers.js";

const UI: UiState = {
  paused: false,
  sort: "hits",
  focus: "sections",
  help: false,
  width: 120,
  height: 40,
  color: true,
};

/** Feeds records to a real monitor (threshold 1 req/s over 10 s) and builds the dashboard input. */
function input(
  records: LogRecord[],
  ui: Partial<UiState> = {},
  extra: Partial<DashboardInput> = {},
): DashboardInput {
  const outputs: MonitorOutput[] = [];
  const m = newMonitor((o) => outputs.push(o));
  const tally = m.input("access.log");
  for (const r of records) m.record(r, tally);
  const reports = outputs.flatMap((o) => (o.kind === "report" ? [reportEvent(o.snapshot)] : []));
  const history = outputs.flatMap((o) => (o.kind === "alert" ? [alertEvent(o.event)] : []));
  return {
    wallMs: (T0 + 100) * 1000,
    inputs: [{ path: "/var/log/nginx/access.log", state: "following" }],
    format: "CLF",
    live: m.live(),
    ingestRate: 1234.4,
    report: reports.at(-1) ?? null,
    history,
    historyDropped: 0,
    ui: { ...UI, ...ui },
    ...extra,
  };
}

function lines(count: number, at: number, fields: Partial<LogRecord> = {}): LogRecord[] {
  return Array.from({ length: count }, () => rec(at, fields));
}

const busy = [
  ...lines(3, 0),
  ...lines(20, 1, { section: "/api", status: 503 }),
  ...lines(5, 1, { section: "/pages", status: 404, bytes: 5000 }),
  ...lines(2, 1, { section: "/static", bytes: 900_000 }),
  ...lines(1, 11),
];

describe("dashboard view-model: empty state", () => {
  const m = dashboardModel(input([]));

  it("says it is waiting, with no log time, and draws empty panels", () => {
    expect(m.banner).toEqual({
      text: "Waiting for log lines…",
      fg: null,
      bg: null,
      bold: false,
      inverse: false,
    });
    expect(m.header).toContain("no log time yet");
    expect(m.header).toContain("/var/log/nginx/access.log [following]");
    expect(m.chart.x).toEqual([]);
    expect(m.sections.rows).toEqual([]);
    expect(m.hosts.rows).toEqual([]);
    expect(m.status.lines[0]).toMatch(/^2xx ·+ +0\.0% +0$/);
    expect(m.status.lines).toHaveLength(4);
    expect(m.history.items).toEqual(["No alerts yet."]);
    expect(m.tooSmall).toBeNull();
    expect(m.help).toBeNull();
  });
});

describe("dashboard view-model: traffic and an active alert", () => {
  const m = dashboardModel(input(busy));

  it("shows a loud banner with hits, rate, threshold and how long it has fired", () => {
    expect(m.banner.text).toBe(
      "▲ HIGH TRAFFIC  27 hits in 10s = 2.70 req/s, above 1 req/s  ·  firing for 10s (since 08:00:01)",
    );
    expect(m.banner).toMatchObject({ fg: "white", bg: "red", bold: true, inverse: false });
  });

  it("keeps the exact alert message in the history, newest first", () => {
    expect(m.history.items).toEqual([
      "High traffic generated an alert - hits = 30, triggered at 2026-11-21T08:00:01Z",
    ]);
    expect(m.history.label).toContain("1 alert ");
  });

  it("charts requests/s per second of the window with the threshold as a second series, red while firing", () => {
    expect(m.chart.x).toHaveLength(10);
    expect(m.chart.x.at(-1)).toBe("08:00:11");
    expect(m.chart.series[0]).toMatchObject({ title: "req/s", color: "red" });
    expect(m.chart.series[0]?.y.at(-1)).toBe(1);
    expect(m.chart.series[1]).toEqual({
      title: "threshold",
      y: Array(10).fill(1),
      color: "yellow",
    });
    expect(m.chart.border).toBe("red");
    expect(m.chart.maxY).toBeGreaterThanOrEqual(1);
  });

  it("fills the sections table by hits with share, status classes and bytes", () => {
    expect(m.sections.headers).toEqual([
      "section",
      "hits",
      "share",
      "2xx",
      "3xx",
      "4xx",
      "5xx",
      "bytes",
    ]);
    expect(m.sections.rows.map((r) => r[0])).toEqual(["/api", "/pages", "/static"]);
    expect(m.sections.rows[0]).toEqual(["/api", "23", "76.7%", "3", "0", "0", "20", "2.3 kB"]);
    expect(m.sections.columnWidth.reduce((a, b) => a + b + 1, 0)).toBeLessThanOrEqual(80 - 2 + 1);
  });

  it("sorts sections by errors or bytes when asked", () => {
    const byErrors = dashboardModel(input(busy, { sort: "errors" })).sections;
    const byBytes = dashboardModel(input(busy, { sort: "bytes" })).sections;
    expect(byErrors.rows.map((r) => r[0])).toEqual(["/api", "/pages", "/static"]);
    expect(byBytes.rows.map((r) => r[0])).toEqual(["/static", "/pages", "/api"]);
    expect(byBytes.label).toContain("by bytes");
  });

  it("draws status bars, codes and methods of the last interval", () => {
    expect(m.status.lines).toHaveLength(6);
    expect(m.status.lines[3]).toMatch(/^5xx █+·* +66\.7% +20$/);
    expect(m.status.lines.slice(4)).toEqual(["503 20 · 200 5 · 404 5", "GET 100.0%"]);
    expect(m.hosts.rows).toEqual([["10.0.0.1", "30"]]);
  });

  it("marks hits that are only a lower bound (more keys than a table holds) with ≥", () => {
    const base = input(busy);
    const report = base.report;
    if (report === null) throw new Error("no report");
    const approx = { ...(report.hosts[0] as (typeof report.hosts)[0]), hits: 50, hits_error: 3 };
    const m2 = dashboardModel({ ...base, report: { ...report, hosts: [approx] } });
    expect(m2.hosts.rows).toEqual([["10.0.0.1", "≥50"]]);
  });

  it("puts log time, its lag, ingestion rate, totals and errors in the header", () => {
    expect(m.header).toBe(
      "logmon · /var/log/nginx/access.log [following] · CLF · 08:00:11Z 1m29s behind · 1,234 lines/s · 31 lines · 0 unparsed",
    );
  });
});

describe("dashboard view-model: fitting and safety", () => {
  it("truncates long section and host names to fit, and escapes control characters", () => {
    const long = `/${"a".repeat(300)}`;
    const m = dashboardModel(
      input(
        [...lines(2, 0, { section: long, host: `2001:db8:${"f".repeat(60)}` }), ...lines(1, 10)],
        { width: 80, height: 24 },
      ),
    );
    const [name] = m.sections.rows[0] ?? [];
    expect(name?.endsWith("…")).toBe(true);
    // One cell short of the column, so the next column never touches it.
    expect(name?.length).toBe((m.sections.columnWidth[0] as number) - 1);
    expect(m.hosts.rows[0]?.[0]?.length).toBe((m.hosts.columnWidth[0] as number) - 1);
    const evil = dashboardModel(
      input([...lines(2, 0, { section: "/\u001b[2Jx", host: "h\u0007" }), ...lines(1, 10)]),
    );
    expect(evil.sections.rows[0]?.[0]).toBe("/\\x1b[2Jx");
    const cells = [...evil.sections.rows.flat(), ...evil.hosts.rows.flat()].join("");
    expect([...cells].filter((c) => c.charCodeAt(0) < 0x20)).toEqual([]);
  });

  it("drops optional columns (3xx, then 2xx, then share) when narrow, never 4xx, 5xx or bytes", () => {
    const narrow = dashboardModel(input(busy, { width: 60, height: 24 })).sections;
    expect(narrow.headers).toContain("4xx");
    expect(narrow.headers).toContain("5xx");
    expect(narrow.headers).toContain("bytes");
    expect(narrow.headers).not.toContain("3xx");
    expect(narrow.columnWidth[0]).toBeGreaterThanOrEqual(8);
  });

  it("asks for a bigger window below the minimum size", () => {
    const m = dashboardModel(input(busy, { width: 50, height: 12 }));
    expect(m.tooSmall).toContain("at least 60×16");
    expect(m.tooSmall).toContain("50×12");
  });

  it("uses no colour under NO_COLOR but keeps the alert loud (bold, inverse)", () => {
    const m = dashboardModel(input(busy, { color: false }));
    expect(m.banner).toMatchObject({ fg: null, bg: null, bold: true, inverse: true });
    expect(m.chart.series.map((s) => s.color)).toEqual([null, null]);
    expect([m.border, m.focusBorder, m.chart.border]).toEqual([null, null, null]);
  });
});

describe("dashboard view-model: history, inputs and keys", () => {
  it("lists recoveries with the alert's duration and marks older alerts not kept", () => {
    const records = [...lines(20, 0), 1, 2, 12].map((r) => (typeof r === "number" ? rec(r) : r));
    const base = input(records);
    const m = dashboardModel({ ...base, historyDropped: 4321 });
    expect(m.history.items).toEqual([
      "Traffic recovered - hits = 2, recovered at 2026-11-21T08:00:10Z (alert lasted 10s)",
      "High traffic generated an alert - hits = 20, triggered at 2026-11-21T08:00:00Z",
      "… 4,321 older alerts not kept",
    ]);
    expect(m.banner.text).toMatch(
      /^Traffic normal · 0\.\d\d req\/s over 10s \(alert above 1 req\/s\)$/,
    );
  });

  it("summarises many inputs by state", () => {
    const m = dashboardModel(
      input(
        busy,
        {},
        {
          inputs: [
            { path: "/a.log", state: "following" },
            { path: "/b.log", state: "following" },
            { path: "/c.log", state: "waiting" },
          ],
        },
      ),
    );
    expect(m.header).toContain("3 files (2 following, 1 waiting)");
  });

  it("shows pause, focus, sort and help in the footer and overlay", () => {
    const m = dashboardModel(
      input(busy, { paused: true, focus: "history", sort: "bytes", help: true }),
    );
    expect(m.header.startsWith("logmon [PAUSED — p resumes] · ")).toBe(true);
    expect(m.footer).toBe(
      "q quit · p resume · tab: history · ↑↓ PgUp PgDn · s sort: bytes · ? help",
    );
    expect(m.help).toContain("s                sort sections by hits, errors (4xx+5xx) or bytes");
  });

  it("fits every panel label inside its border, even at the minimum width", () => {
    const m = dashboardModel(input(busy, { width: 60, height: 16 }));
    const widths = { chart: 40, status: 20, sections: 40, hosts: 20, history: 60 };
    expect(m.chart.label.length).toBeLessThanOrEqual(widths.chart - 4);
    expect(m.status.label.length).toBeLessThanOrEqual(widths.status - 4);
    expect(m.sections.label.length).toBeLessThanOrEqual(widths.sections - 4);
    expect(m.hosts.label.length).toBeLessThanOrEqual(widths.hosts - 4);
    expect(m.history.label.length).toBeLessThanOrEqual(widths.history - 4);
    expect(m.status.lines.every((l) => l.length <= widths.status - 2)).toBe(true);
  });

  it("says how far the log's clock is from the wall clock, either way", () => {
    const ahead = dashboardModel(input(busy, {}, { wallMs: (T0 + 11 - 3600) * 1000 }));
    expect(ahead.header).toContain("1h ahead");
    const live = dashboardModel(input(busy, {}, { wallMs: (T0 + 12) * 1000 }));
    expect(live.header).toContain("08:00:11Z live");
  });
});

describe("wrap", () => {
  it("breaks at spaces within the width, and cuts words longer than the width", () => {
    expect(
      wrap("High traffic generated an alert - hits = 320, triggered at 2026-11-21T09:16:44Z", 77),
    ).toEqual([
      "High traffic generated an alert - hits = 320, triggered at",
      "2026-11-21T09:16:44Z",
    ]);
    expect(wrap("abcdefghij klm", 4)).toEqual(["abcd", "efgh", "ij", "klm"]);
    expect(wrap("", 10)).toEqual([""]);
  });

  it("wraps history items to the panel so a timestamp is never split", () => {
    const records = [...lines(20, 0), rec(1), rec(2), rec(10)];
    const m = dashboardModel(input(records, { width: 80, height: 24 }));
    expect(m.history.items[0]).toBe(
      "High traffic generated an alert - hits = 20, triggered at\n2026-11-21T08:00:00Z",
    );
  });
});

describe("dashboard view-model at any terminal size", () => {
  it("builds a model for every size from 1×1 to 130×45 without failing", () => {
    const data = input([...busy, ...lines(20, 0), rec(1), rec(2)]);
    for (let width = 1; width <= 130; width += 3) {
      for (let height = 1; height <= 45; height += 4) {
        const m = dashboardModel({ ...data, ui: { ...data.ui, width, height } });
        expect(m.header.length).toBeLessThanOrEqual(Math.max(width, 0));
        expect(m.tooSmall === null).toBe(width >= 60 && height >= 16);
      }
    }
    expect(wrap("abc def", 0)).toEqual(["a", "b", "c", "d", "e", "f"]);
  });
});

describe("dashboard view-model: a path that cannot be read", () => {
  it("says why in the header, since stderr would draw over the screen", () => {
    const m = dashboardModel(
      input(
        [],
        {},
        { inputs: [{ path: "/var/log/x.log", state: "error", detail: "permission denied" }] },
      ),
    );
    expect(m.header).toContain("/var/log/x.log [error: permission denied]");
  });
});

describe("dashboard view-model: hostile names", () => {
  const names = [
    "/\u202eevil\u202c",
    "/\u2066isolate\u2069\u200e\u200f",
    "/中文路径中文路径中文路径中文路径中文路径",
    "/😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀",
    `/\x1b]52;c;${"A".repeat(60)}\x07osc5230`,
    "/e\u0301\u0301\u0301combining",
  ];
  const m = dashboardModel(
    input([
      ...names.map((section, i) => rec(i % 5, { section, host: `${section}-host` })),
      rec(11),
    ]),
  );

  it("shows every character as one cell: controls, bidi, wide and combining ones escaped", () => {
    for (const row of [...m.sections.rows, ...m.hosts.rows]) {
      expect(row[0]).toMatch(/^[\x20-\x7e…]*$/);
    }
    expect(m.sections.rows.map((r) => r[0]).join(" ")).toContain("\\u202e");
  });

  it("cuts a name before its column's edge, escaped or not", () => {
    const width = m.sections.columnWidth[0] as number;
    for (const row of m.sections.rows) expect((row[0] as string).length).toBeLessThanOrEqual(width);
    const hostWidth = m.hosts.columnWidth[0] as number;
    for (const row of m.hosts.rows)
      expect((row[0] as string).length).toBeLessThanOrEqual(hostWidth);
  });
});
