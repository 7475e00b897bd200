import { describe, expect, it } from "vitest";
import { Metrics } from "../../src/serve/metrics.js";
import { ManualClock } from "../core/clock.js";
import { newMonitor, rec } from "../stats/helpers.js";

/** The value of logmon_requests_total{status_class="2xx"} in a scrape. */
const ok = (text: string) =>
  Number(/logmon_requests_total\{status_class="2xx"\} (\d+)/.exec(text)?.[1]);

describe("the metrics' rendering", () => {
  it("renders at most once a second however often it is scraped, and afresh once settled", async () => {
    const monitor = newMonitor(() => undefined);
    const input = monitor.input("web.log");
    const clock = new ManualClock(1_000_000);
    const metrics = new Metrics({ live: () => monitor.live(), raised: () => [] }, 5, clock);
    const add = (n: number) => {
      for (let i = 0; i < n; i++) monitor.record(rec(i % 2), input);
    };
    const count = () => monitor.live().totals.classes[1];
    add(10);
    const first = ok(await metrics.text());
    expect(first).toBe(count());
    expect(first).toBeGreaterThan(0);
    add(10);
    expect(count()).toBeGreaterThan(first);
    clock.advance(999);
    // Within the second: the same text, the counts of a scrape ago.
    expect(ok(await metrics.text())).toBe(first);
    clock.advance(1);
    expect(ok(await metrics.text())).toBe(count());
    add(10);
    metrics.settled();
    expect(ok(await metrics.text())).toBe(count());
  });
});
