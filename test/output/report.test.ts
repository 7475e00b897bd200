import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scriptJson } from "../../src/output/report.js";
import { logmon, ROOT } from "../cli/run.js";
import { haveProgram } from "../notify/system.js";

const haveChromium = haveProgram("/usr/bin/chromium", "chromium");
/** Where the screenshot for the person reviewing the change goes. */
const SHOTS = join(ROOT, "test-output");

const XSS_PATH = "/<img src=x onerror=document.title='pwned'>";
const XSS_AGENT = "</script><script>document.title='pwned'</script>";

describe("the HTML report's data", () => {
  it("cannot end its script element or open a comment, whatever the log held", () => {
    const text = scriptJson({ path: "</script><!-- & \u2028" });
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual({ path: "</script><!-- & \u2028" });
  });
});

describe.runIf(haveChromium)("--report FILE.html in a real browser", () => {
  it("shows the panels, the chart with its alert and the history, and runs nothing from the log", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-report-"));
    const log = join(dir, "access.log");
    let text = readFileSync(join(ROOT, "fixtures/combined.log"), "utf8");
    text += `10.6.6.6 - - [21/Nov/2026:08:03:58 +0000] "GET ${XSS_PATH} HTTP/1.1" 404 5 "javascript:document.title='pwned'" "${XSS_AGENT}"\n`;
    writeFileSync(log, text);
    const report = join(dir, "report.html");
    const r = await logmon(["--replay", "--json", "-m", "2", "-w", "30s", "--report", report, log]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`logmon: report written to ${report}\n`);
    const html = readFileSync(report, "utf8");
    expect(html).not.toContain("<img src=x");
    // Self-contained: nothing is loaded from anywhere (and its policy forbids it).
    const template = readFileSync(join(ROOT, "assets/report.html"), "utf8");
    expect(template).not.toMatch(/\s(src|href)=/);
    expect(html).toContain("default-src 'none'");
    mkdirSync(SHOTS, { recursive: true });
    const shot = join(SHOTS, "report.png");
    const out = execFileSync(
      process.execPath,
      [
        "--experimental-websocket",
        join(ROOT, "test/serve/browse.mjs"),
        `file://${report}`,
        shot,
        "2000",
      ],
      { encoding: "utf8", timeout: 60_000 },
    );
    const { dom, title } = JSON.parse(out) as { dom: string; title: string };
    const summary = JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "{}") as {
      totals: { hits: number };
    };
    expect(title).toBe(`logmon report: ${summary.totals.hits.toLocaleString("en-US")} requests`);
    for (const heading of [
      "Requested paths",
      "Not found (404)",
      "Referrers (external)",
      "Browsers",
      "Visitors per day (±4.9 %)",
    ])
      expect(dom).toContain(`<h2>${heading}</h2>`);
    expect(dom).toContain("/&lt;img src=x onerror=document.title='pwned'&gt;");
    expect(dom).not.toMatch(/<img[^>]*onerror/);
    expect(dom).toContain('class="mark alert"');
    expect(dom).toContain(
      "High traffic generated an alert - hits = 64, triggered at 2026-11-21T08:01:10Z",
    );
    expect(statSync(shot).size).toBeGreaterThan(10_000);
  });
});
