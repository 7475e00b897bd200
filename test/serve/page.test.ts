import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT } from "../cli/run.js";
import { clfLines } from "../cli/live.js";
import { haveProgram } from "../notify/system.js";
import { POLL, serving, type Serving } from "./http-run.js";

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = haveProgram(CHROMIUM, "chromium");
const T = Date.UTC(2026, 10, 21, 8, 0, 0) / 1000;
/** Where the screenshot for the person reviewing the change goes. */
const SHOTS = join(ROOT, "test-output");

const started: Serving[] = [];
afterEach(() => {
  for (const s of started.splice(0)) s.run.proc.kill("SIGKILL");
});

/** Headless Chromium on `url` (over the DevTools protocol): the DOM and title once the page's scripts ran, and a screenshot. */
function browse(url: string, screenshot: string): { dom: string; title: string } {
  const out = execFileSync(
    process.execPath,
    ["--experimental-websocket", join(ROOT, "test/serve/browse.mjs"), url, screenshot, "3000"],
    { encoding: "utf8", timeout: 60_000 },
  );
  return JSON.parse(out) as { dom: string; title: string };
}

describe.runIf(haveChromium)("the status page in a real browser", () => {
  it("shows the threshold, the top section and the alert, and runs nothing from the log", async () => {
    const s = await serving(["-", "--json", "-m", "2", "-w", "5s", "-i", "10s"]);
    started.push(s);
    const xss = "/<img src=x onerror=document.title='pwned'>";
    let text = "";
    // The last interval's top section is the XSS path.
    for (let t = 0; t < 30; t++)
      text += clfLines(T + t, t >= 10 && t < 16 ? 6 : 1, t >= 20 ? xss : "/a");
    // A user agent that breaks out of an attribute, a javascript: referer.
    text += `10.0.0.9 - - [21/Nov/2026:08:00:29 +0000] "GET /x HTTP/1.1" 200 5 "javascript:document.title='pwned'" "\\"onerror=document.title='pwned'"\n`;
    s.run.proc.stdin?.end(text);
    await expect.poll(() => s.run.events().some((e) => e.type === "summary"), POLL).toBe(true);
    mkdirSync(SHOTS, { recursive: true });
    const shot = join(SHOTS, "status-page.png");
    const { dom, title } = browse(`${s.base}/`, shot);
    expect(title).toBe("logmon");
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    expect(dom).toMatch(/<b id="threshold">2<\/b>/);
    // The section is shown as text: escaped in the DOM, no element made of it.
    expect(dom).toContain("/&lt;img src=x onerror=document.title='pwned'&gt;");
    expect(dom).not.toMatch(/<img[^>]*onerror/);
    const history = /<table id="history">([\s\S]*?)<\/table>/.exec(dom)?.[1] ?? "";
    expect(history).toContain("high_traffic");
    expect(history).toContain("alert");
    expect(history).toMatch(/href="api\/v1\/alerts\/high_traffic%4020[^"]*\/context"/);
    expect(readFileSync(join(ROOT, "assets/page.html")).length).toBeLessThan(50_000);
  }, 120_000);
});
