import { describe, expect, it } from "vitest";
import type { LogRecord } from "../../../src/core/types.js";
import type { DashboardInput, PanelModel, UiState } from "../../../src/output/dashboard/model.js";
import { dashboardModel, wrap } from "../../../src/output/dashboard/viewmodel.js";
import { alertEvent, reportEvent } from "../../../src/core/event.js";
import type { MonitorOutput } from "../../../src/stats/monitor-types.js";
import { RunStats } from "../../../src/stats/run.js";
import { newMonitor, rec, T0 } from "../../stats/helpers.js";

const UI: UiState = {
  paused: false,
  sort: "hits",
  focus: "sections",
  help: false,
  selected: { sections: 0, hosts: 0, history: 0 },
  offset: { sections: 0, hosts: 0, history: 0 },
  width: 120,
  height: 40,
  color: true,
  view: "live",
};

/** A table panel's rows without its header line. */
function rows(panel: PanelModel): string[] {
  return panel.lines.slice(1);
}

/** The first column of a table line (names never contain two spaces in these tests). */
function name(line: string | undefined): string {
  return (line ?? "").split(/ {2,}/)[0] ?? "";
}

/** The figures of a table line after its name. */
function figures(line: string | undefined): string[] {
  return (line ?? "").trim().split(/ +/).slice(1);
}

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
    logSpeed: 1,
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

  it("says what it waits for, with no log time, and draws empty panels", () => {
    expect(m.banner).toEqual({
      text: "Waiting for log lines in /var/log/nginx/access.log…",
      fg: null,
      bg: null,
      bold: false,
      inverse: false,
    });
    expect(m.header).toContain("no log time yet");
    expect(m.header).toContain("/var/log/nginx/access.log [following]");
    const listening = dashboardModel(
      input([], {}, { inputs: [{ path: "udp://127.0.0.1:5514", state: "listening" }] }),
    );
    expect(listening.banner.text).toBe("Waiting for syslog on udp://127.0.0.1:5514…");
    expect(rows(m.sections)).toEqual([]);
    expect(rows(m.hosts)).toEqual([]);
    expect(m.status.lines[0]).toMatch(/^2xx ·+ +0\.0% +0$/);
    expect(m.status.lines).toHaveLength(4);
    expect(m.history).toMatchObject({ framed: false, lines: ["Alert history · no alerts yet"] });
    expect(m.history.rect.height).toBe(1);
    expect(m.tooSmall).toBeNull();
    expect(m.help).toBeNull();
  });

  it("hints at the demo when the file it waits for does not exist (bare logmon)", () => {
    const missing = dashboardModel(
      input(
        [],
        {},
        {
          inputs: [
            { path: "/tmp/access.log", state: "waiting", detail: "no such file or directory" },
          ],
        },
      ),
    );
    expect(missing.banner.text).toBe(
      "Waiting for log lines in /tmp/access.log (no such file or directory) · try `logmon demo`",
    );
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
    expect(m.history.lines).toEqual([
      "High traffic generated an alert - hits = 30, triggered at 2026-11-21T08:00:01Z",
    ]);
    expect(m.history.framed).toBe(true);
    expect(m.history.label).toContain("1 alert ");
  });

  it("charts requests/s with its times under it, red while firing", () => {
    const inner = m.chart.rect.height - 2;
    expect(m.chart.lines).toHaveLength(inner);
    for (const line of m.chart.lines) expect(line).toHaveLength(m.chart.rect.width - 2);
    expect(m.chart.lines.at(-1)).toMatch(/^ *0└ +08:00:02 +08:00:11$/);
    expect(m.chart).toMatchObject({ border: "red", bar: "red", threshold: "yellow" });
  });

  it("fills the sections table by hits with share, status classes and bytes", () => {
    expect(m.sections.lines[0]?.split(/ +/)).toEqual([
      "section",
      "hits",
      "share",
      "2xx",
      "3xx",
      "4xx",
      "5xx",
      "bytes",
    ]);
    expect(rows(m.sections).map(name)).toEqual(["/api", "/pages", "/static"]);
    expect(figures(rows(m.sections)[0])).toEqual(["23", "76.7%", "3", "0", "0", "20", "2.3", "kB"]);
    for (const line of m.sections.lines) expect(line).toHaveLength(m.sections.rect.width - 2);
  });

  it("sorts sections by errors or bytes when asked, and says how to change it", () => {
    const byErrors = dashboardModel(input(busy, { sort: "errors" })).sections;
    const byBytes = dashboardModel(input(busy, { sort: "bytes" })).sections;
    expect(rows(byErrors).map(name)).toEqual(["/api", "/pages", "/static"]);
    expect(rows(byBytes).map(name)).toEqual(["/static", "/pages", "/api"]);
    expect(byBytes.label).toContain("sorted by bytes (s changes)");
  });

  it("draws status bars, codes and methods of the last interval", () => {
    expect(m.status.lines).toHaveLength(6);
    expect(m.status.lines[3]).toMatch(/^5xx █+·* +66\.7% +20$/);
    expect(m.status.lines.slice(4)).toEqual(["503 20 · 200 5 · 404 5", "GET 100.0%"]);
    expect(rows(m.hosts).map((l) => l.split(/ +/))).toEqual([["10.0.0.1", "30"]]);
  });

  it("marks hits that are only a lower bound (more keys than a table holds) with ≥", () => {
    const base = input(busy);
    const report = base.report;
    if (report === null) throw new Error("no report");
    const approx = { ...(report.hosts[0] as (typeof report.hosts)[0]), hits: 50, hits_error: 3 };
    const m2 = dashboardModel({ ...base, report: { ...report, hosts: [approx] } });
    expect(rows(m2.hosts).map((l) => l.split(/ +/))).toEqual([["10.0.0.1", "≥50"]]);
  });

  it("puts alert state, rate, log time and its lag, totals, inputs and format in the header", () => {
    expect(m.header).toBe(
      "logmon · ALERT 2.70 req/s · 08:00:11Z 1m29s behind · 31 lines · 0 unparsed · /var/log/nginx/access.log [following]",
    );
  });

  it("says how many lines --filter left out, beside the unparsed ones", () => {
    const base = input(busy, { width: 110, height: 30 });
    const totals = { ...base.live.totals, lines: { ...base.live.totals.lines, filtered: 1200 } };
    const filtered = dashboardModel({ ...base, live: { ...base.live, totals } });
    expect(filtered.header).toBe(
      "logmon · ALERT 2.70 req/s · 08:00:11Z 1m29s behind · 31 lines · 0 unparsed · 1,200 filtered out",
    );
  });

  it("shows the chat bot's trouble before the totals, and its being online only when there is room", () => {
    const base = input(busy, { width: 110, height: 30 });
    expect(dashboardModel({ ...base, chat: "xmpp: connection refused" }).header).toBe(
      "logmon · ALERT 2.70 req/s · 08:00:11Z 1m29s behind · xmpp: connection refused · 31 lines · 0 unparsed",
    );
    expect(dashboardModel({ ...base, chat: "xmpp online" }).header).toBe(
      "logmon · ALERT 2.70 req/s · 08:00:11Z 1m29s behind · 31 lines · 0 unparsed",
    );
    const wide = input(busy, { width: 200, height: 30 });
    expect(dashboardModel({ ...wide, chat: "xmpp online" }).header).toContain(
      "31 lines · xmpp online · 0 unparsed",
    );
  });
});

describe("dashboard view-model: small terminals", () => {
  it("keeps alert state, rate and log time when the header is cut, dropping format and inputs first", () => {
    const narrow = dashboardModel(input(busy, { width: 80, height: 24 }));
    expect(narrow.header).toBe(
      "logmon · ALERT 2.70 req/s · 08:00:11Z 1m29s behind · 31 lines · 0 unparsed",
    );
    const tiny = dashboardModel(input(busy, { width: 60, height: 16 }));
    expect(tiny.header).toBe("logmon · ALERT 2.70 req/s · 08:00:11Z 1m29s behind");
  });

  it("gives the rows to what has content: an empty history takes one line, tables get the rest", () => {
    const many = Array.from({ length: 5 }, (_, i) =>
      lines(1, 0, { section: `/presentations${i}` }),
    ).flat();
    const records = [...many, ...lines(1, 1), ...lines(1, 11)];
    const at80 = dashboardModel(input(records, { width: 80, height: 24 }, { history: [] }));
    expect(at80.history.rect.height).toBe(1);
    // Inside the border, under the header line: 8 rows at 80×24.
    expect(at80.sections.rect.height - 3).toBeGreaterThanOrEqual(8);
    expect(rows(at80.sections)).toHaveLength(5);
    const small = dashboardModel(input(records, { width: 60, height: 16 }, { history: [] }));
    expect(rows(small.sections).length).toBeGreaterThanOrEqual(3);
    expect(rows(small.hosts).length).toBeGreaterThanOrEqual(1);
    expect(small.chart.lines.join("")).toMatch(/[▁-█]/);
  });

  it("cuts section names with … a space before the hits column", () => {
    const many = Array.from({ length: 3 }, (_, i) =>
      lines(1, 0, { section: `/presentations-and-slides-${i}` }),
    ).flat();
    const m = dashboardModel(
      input([...many, ...lines(1, 1), ...lines(1, 11)], { width: 80, height: 24 }),
    );
    const long = rows(m.sections).filter((l) => l.startsWith("/presentations"));
    expect(long).toHaveLength(3);
    for (const line of long) expect(line).toMatch(/^\/presentations\S*… +1 /);
  });

  it("asks for a bigger window below the minimum size", () => {
    const m = dashboardModel(input(busy, { width: 50, height: 12 }));
    expect(m.tooSmall).toContain("at least 60×16");
    expect(m.tooSmall).toContain("50×12");
  });
});

describe("dashboard view-model: selection", () => {
  const many = Array.from({ length: 30 }, (_, i) =>
    lines(30 - i, 0, { section: `/s${String(i).padStart(2, "0")}` }),
  ).flat();
  const data = input([...many, ...lines(1, 1), ...lines(1, 11)], { width: 60, height: 16 });

  it("highlights the selected row at once, below the header line", () => {
    const m = dashboardModel({
      ...data,
      ui: { ...data.ui, selected: { ...data.ui.selected, sections: 1 } },
    });
    expect(m.sections.highlight).toBe(2);
    expect(name(m.sections.lines[2])).toBe("/s01");
  });

  it("scrolls only when the selection would leave the panel, and clamps it to the rows there are", () => {
    const visible = rows(dashboardModel(data).sections).length;
    const last = dashboardModel({
      ...data,
      ui: { ...data.ui, selected: { ...data.ui.selected, sections: 99 } },
    });
    expect(visible).toBeLessThan(5);
    expect(last.rows.sections).toBe(5);
    expect(last.offset.sections).toBe(5 - visible);
    expect(name(last.sections.lines[last.sections.highlight ?? 0])).toBe("/s04");
    const back = dashboardModel({
      ...data,
      ui: {
        ...data.ui,
        selected: { ...data.ui.selected, sections: 1 },
        offset: { ...data.ui.offset, sections: 1 },
      },
    });
    expect(back.offset.sections).toBe(1);
    expect(back.sections.highlight).toBe(1);
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
    expect(rows(m.sections)[0]).toMatch(/^\/a+… +2 /);
    expect(rows(m.hosts)[0]).toMatch(/^2001:db8:f+… +2$/);
    const evil = dashboardModel(
      input([...lines(2, 0, { section: "/\u001b[2Jx", host: "h\u0007" }), ...lines(1, 10)]),
    );
    expect(name(rows(evil.sections)[0])).toBe("/\\x1b[2Jx");
    const cells = [...evil.sections.lines, ...evil.hosts.lines].join("");
    expect([...cells].filter((c) => c.charCodeAt(0) < 0x20)).toEqual([]);
  });

  it("drops optional columns (3xx, then 2xx, then share) when narrow, never 4xx, 5xx or bytes", () => {
    const narrow = dashboardModel(input(busy, { width: 60, height: 24 })).sections.lines[0] ?? "";
    expect(narrow).toContain("4xx");
    expect(narrow).toContain("5xx");
    expect(narrow).toContain("bytes");
    expect(narrow).not.toContain("3xx");
  });

  it("uses no colour under NO_COLOR but keeps the alert loud (bold, inverse)", () => {
    const m = dashboardModel(input(busy, { color: false }));
    expect(m.banner).toMatchObject({ fg: null, bg: null, bold: true, inverse: true });
    expect([m.chart.bar, m.chart.threshold, m.chart.border, m.sections.border]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});

describe("dashboard view-model: history, inputs and keys", () => {
  it("lists recoveries with the alert's duration and marks older alerts not kept", () => {
    const records = [...lines(20, 0), 1, 2, 12].map((r) => (typeof r === "number" ? rec(r) : r));
    const base = input(records);
    const m = dashboardModel({ ...base, historyDropped: 4321 });
    expect(m.history.lines).toEqual([
      "Traffic recovered - hits = 2, recovered at 2026-11-21T08:00:10Z (alert lasted 10s)",
      "High traffic generated an alert - hits = 20, triggered at 2026-11-21T08:00:00Z",
      "… 4,321 older alerts not kept",
    ]);
    expect(m.banner.text).toMatch(
      /^Traffic normal · 0\.\d\d req\/s over 10s \(alert above 1 req\/s\)$/,
    );
  });

  it("names standard input once, with its state: reading, then ended", () => {
    const reading = dashboardModel(
      input(busy, { width: 200 }, { inputs: [{ path: "-", state: "reading" }] }),
    );
    expect(reading.header).toContain(" · stdin [reading]");
    const ended = dashboardModel(
      input(busy, { width: 200 }, { inputs: [{ path: "-", state: "ended" }] }),
    );
    expect(ended.header).toContain(" · stdin [ended]");
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
    const listening = dashboardModel(
      input(
        busy,
        {},
        {
          inputs: [
            { path: "tcp://127.0.0.1:5514", state: "listening", detail: "2 connections" },
            { path: "web1", state: "following" },
          ],
        },
      ),
    );
    expect(listening.header).toContain("2 inputs (1 listening, 1 following)");
  });

  it("shows pause, focus, sort and help in the footer and overlay", () => {
    const m = dashboardModel(
      input(busy, { paused: true, focus: "history", sort: "bytes", help: true }),
    );
    expect(m.header.startsWith("logmon [PAUSED — p resumes] · ")).toBe(true);
    expect(m.footer).toBe(
      "q quit · p resume · tab: history · ↑↓ j k PgUp PgDn · s sort: bytes · ? help",
    );
    expect(m.help).toContain("s                sort sections by hits, errors (4xx+5xx) or bytes");
    expect(m.history.border).toBe("yellow");
    expect(m.sections.border).toBe("cyan");
  });

  it("fits every panel label and line inside its border, even at the minimum size", () => {
    const m = dashboardModel(input(busy, { width: 60, height: 16 }));
    for (const panel of [m.chart, m.status, m.sections, m.hosts, m.history]) {
      expect(panel.label.length).toBeLessThanOrEqual(panel.rect.width - 4);
      for (const line of panel.lines) expect(line.length).toBeLessThanOrEqual(panel.rect.width - 2);
      expect(panel.lines.length).toBeLessThanOrEqual(Math.max(1, panel.rect.height - 2));
    }
  });

  it("says how far the log's clock is from the wall clock, either way", () => {
    const ahead = dashboardModel(input(busy, {}, { wallMs: (T0 + 11 - 3600) * 1000 }));
    expect(ahead.header).toContain("1h ahead");
    const live = dashboardModel(input(busy, {}, { wallMs: (T0 + 12) * 1000 }));
    expect(live.header).toContain("08:00:11Z live");
  });

  it("shows the date of a log that is not today's, 'replayed' and the average rate once read", () => {
    const ended = input(
      busy,
      { width: 160 },
      {
        wallMs: (T0 + 4212 * 86400) * 1000,
        inputs: [{ path: "access.log", state: "ended" }],
        ingestRate: 5000,
      },
    );
    const m = dashboardModel(ended);
    expect(m.header).toContain("2026-11-21 08:00:11Z replayed");
    expect(m.header).toContain("avg 5,000 lines/s");
    const reading = dashboardModel({
      ...ended,
      inputs: [{ path: "access.log", state: "reading" }],
    });
    expect(reading.header).toContain("2026-11-21 08:00:11Z replaying");
  });

  it("names every firing rule in the banner, with the built-in one's figures first", () => {
    const base = input([...lines(1, 0), ...lines(1, 1), ...lines(1, 11)], { width: 200 });
    const errors = { rule: "errors", key: "/api", since: T0 + 5 };
    const only = dashboardModel({ ...base, live: { ...base.live, firing: [errors] } });
    expect(only.banner.text).toBe("▲ ALERT  errors [/api] since 08:00:05");
    expect(only.banner).toMatchObject({ bg: "red", bold: true });
    expect(only.header).toContain("logmon · ALERT ");
    const both = input(busy, { width: 200 });
    const withOther = dashboardModel({
      ...both,
      live: { ...both.live, firing: [...both.live.firing, errors] },
    });
    expect(withOther.banner.text).toMatch(
      /^▲ HIGH TRAFFIC {2}27 hits .* {2}· {2}also errors \[\/api\] since 08:00:05$/,
    );
    expect(withOther.header).toContain("logmon · 2 ALERTS ");
  });

  it("shows the lateness in use when lines come out of order", () => {
    const base = input(busy, { width: 200 });
    const m = dashboardModel({ ...base, live: { ...base.live, latenessS: 42 } });
    expect(m.header).toContain(" · lines up to 42s late · ");
    expect(dashboardModel(base).header).not.toContain("late");
  });

  it("shows the demo's speed-up instead of a lag that grows by design", () => {
    const m = dashboardModel(input(busy, {}, { logSpeed: 10, wallMs: (T0 - 3600) * 1000 }));
    expect(m.header).toContain("08:00:11Z 10× speed");
    expect(m.header).not.toContain("ahead");
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
    const m = dashboardModel(input(records, { width: 70, height: 24 }));
    expect(m.history.lines.slice(0, 2)).toEqual([
      "High traffic generated an alert - hits = 20, triggered at",
      "2026-11-21T08:00:00Z",
    ]);
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
        if (m.tooSmall === null) {
          const bottom = m.history.rect.top + m.history.rect.height;
          expect(bottom).toBe(height - 1);
        }
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
      // Lines came up to 4 s out of order: the report of [0, 10) is cut once 14 is seen.
      rec(14),
    ]),
  );

  it("shows every character as one cell: controls, bidi, wide and combining ones escaped", () => {
    for (const line of [...m.sections.lines, ...m.hosts.lines]) {
      expect(line).toMatch(/^[\x20-\x7e…]*$/);
    }
    expect(m.sections.lines.join(" ")).toContain("\\u202e");
  });

  it("escapes a rule's message in the history, since a grouped rule's key is log text", () => {
    const base = input(busy);
    const [first] = base.history;
    if (first === undefined) throw new Error("no alert");
    const hostile = { ...first, message: "r [/a\r{red-fg}\u001b[2J]: fired" };
    const h = dashboardModel({ ...base, history: [hostile] }).history.lines.join("");
    expect(h).toBe("r [/a\\x0d\\x7bred-fg\\x7d\\x1b[2J]: fired");
  });

  it("keeps every line exactly as wide as its panel's inside, escaped or not", () => {
    for (const line of m.sections.lines) expect(line).toHaveLength(m.sections.rect.width - 2);
    for (const line of m.hosts.lines) expect(line).toHaveLength(m.hosts.rect.width - 2);
  });
});

describe("dashboard view-model: the whole run (v)", () => {
  const run = new RunStats();
  for (const r of busy) run.record({ ...r, path: `${r.section}/x`, agent: "curl/8" });
  run.record(rec(5, { path: "/missing", section: "/missing", status: 404 }));
  const line = run.snapshot(10);

  it("shows the run's paths, 404s, status and timeline in place of the live window", () => {
    const m = dashboardModel(input(busy, { view: "run" }, { run: line }));
    expect(m.chart.label).toMatch(/^ Requests per 1m · whole run · 1m per bar · v: live /);
    expect(m.sections.label).toBe(" Paths · whole run ");
    expect(rows(m.sections).map(name)).toEqual(line.paths.map((p) => p.key));
    expect(m.hosts.label).toBe(" Not found (404) · whole run ");
    expect(rows(m.hosts).map(name)).toEqual(line.not_found.map((p) => p.key));
    expect(line.not_found.map((p) => p.key)).toContain("/missing");
    expect(m.status.lines[0]).toMatch(/^requests \d+ · visitors 2 \(±4\.9 %\)/);
    expect(m.footer).toContain("v: live window");
  });

  it("keeps the live window while asked, offering the whole run; without --run-stats, no v", () => {
    const live = dashboardModel(input(busy, { view: "live" }, { run: line }));
    expect(live.chart.label).toMatch(/^ Requests\/s · last /);
    expect(live.footer).toContain("v: whole run");
    expect(dashboardModel(input(busy, { view: "run" })).chart.label).toMatch(/^ Requests\/s/);
    expect(dashboardModel(input(busy)).footer).not.toContain("v:");
  });
});
