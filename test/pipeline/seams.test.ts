import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { NO_EVENTS, type Rule } from "../../src/alert/rule.js";
import type { MonitorEvent } from "../../src/core/event.js";
import type { AlertEvent, LogRecord } from "../../src/core/types.js";
import type { InputScheme } from "../../src/input/input.js";
import type { Output } from "../../src/output/output.js";
import { DEFAULTS } from "../../src/pipeline/options.js";
import { runPipeline, type PipelineEnv } from "../../src/pipeline/run.js";
import { ManualClock } from "../core/clock.js";
import { clfLines } from "../cli/live.js";

const T0 = Date.UTC(2026, 10, 21, 8, 0, 0) / 1000;

/** An input scheme: "mem://N" is N seconds of 3 lines each, one of them a 503, then a clean second. */
const memScheme: InputScheme = {
  accepts: (spec) => spec.startsWith("mem://"),
  open: (spec, ctx) => {
    const seconds = Number(spec.slice("mem://".length));
    let text = "";
    for (let s = 0; s < seconds; s++) {
      text += clfLines(T0 + s, 2, "/ok");
      text += clfLines(T0 + s, 1, "/broken").replace('" 200 ', '" 503 ');
    }
    text += clfLines(T0 + seconds, 3, "/ok");
    const read = () => {
      const sink = ctx.ingest.input(spec);
      sink.push(Buffer.from(text));
      sink.end();
      return Promise.resolve();
    };
    return Promise.resolve({
      statuses: [{ path: spec, state: "ended" }],
      replay: read,
      follow: () => ({ ended: read(), stop: () => Promise.resolve() }),
    });
  },
};

/** A rule kind: fires on a second with more than `max` server errors, recovers on one without. */
class ServerErrors implements Rule {
  readonly name = "server_errors";
  private count = new Map<number, number>();
  private since: number | null = null;
  constructor(private readonly max: number) {}
  get quiet(): boolean {
    return this.count.size === 0 && this.since === null;
  }
  get firingSince(): number | null {
    return this.since;
  }
  record(rec: LogRecord): void {
    if (rec.status >= 500) this.count.set(rec.time, (this.count.get(rec.time) ?? 0) + 1);
  }
  second(t: number): readonly AlertEvent[] {
    const n = this.count.get(t) ?? 0;
    this.count.delete(t);
    const base = { rule: this.name, key: null, time: t, hits: n, rate: n, value: n, windowS: 1 };
    const threshold = this.max;
    if (this.since === null && n > this.max) {
      this.since = t;
      return [{ ...base, threshold, kind: "alert", message: `${n} server errors at ${t - T0}` }];
    }
    if (this.since !== null && n <= this.max) {
      const since = this.since;
      this.since = null;
      return [
        { ...base, threshold, kind: "recover", since, message: `server errors over at ${t - T0}` },
      ];
    }
    return NO_EVENTS;
  }
}

/** An output: counts events by type and keeps the messages of alerts. */
function counting(): Output & {
  counts: Record<string, number>;
  messages: string[];
  closed: boolean;
} {
  return {
    name: "counting",
    counts: {},
    messages: [],
    closed: false,
    event(e: MonitorEvent) {
      this.counts[e.type] = (this.counts[e.type] ?? 0) + 1;
      if (e.type === "alert" || e.type === "recover") this.messages.push(e.message);
    },
    close() {
      this.closed = true;
    },
  };
}

function env(stdout: string[]): PipelineEnv {
  const sink = new Writable({
    write: (chunk: Buffer, _enc, done) => {
      stdout.push(chunk.toString());
      done();
    },
  });
  return {
    clock: new ManualClock(0),
    stdin: { stream: process.stdin, name: "-" },
    stdout: sink as unknown as NodeJS.WriteStream,
    stderr: (text) => stdout.push(`stderr: ${text}`),
    onSignal: () => undefined,
    onCrash: () => undefined,
  };
}

describe("the three seams, each extended by a test-only part", () => {
  it("an input scheme, a rule kind and an output plug into a real run", async () => {
    const out: string[] = [];
    const output = counting();
    const throwing: Output = {
      name: "throwing",
      event: () => {
        throw new Error("broken on purpose");
      },
      close: () => undefined,
    };
    const options = { ...DEFAULTS, files: ["mem://25"], replay: true, output: "json" as const };
    const status = await runPipeline(options, env(out), {
      schemes: [memScheme],
      rules: [new ServerErrors(0)],
      outputs: [throwing, output],
    });
    expect(status).toBe(0);
    const events = out
      .join("")
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as MonitorEvent);
    // The rule fired at the first second and recovered after the last: its events are in the
    // NDJSON like any alert, and the high-traffic rule (10 req/s) stayed quiet.
    expect(output.messages).toEqual(["1 server errors at 0", "server errors over at 25"]);
    expect(events.filter((e) => e.type === "alert" || e.type === "recover").length).toBe(2);
    expect(output.counts).toEqual({ report: 3, alert: 1, recover: 1, summary: 1 });
    expect(events.length).toBe(6);
    expect(output.closed).toBe(true);
    const summary = events.at(-1);
    expect(summary?.type === "summary" && summary.totals.lines.parsed).toBe(78);
    // The output that threw was left out, once, and the run went on.
    expect(out.filter((l) => l.startsWith("stderr:"))).toEqual([
      "stderr: logmon: output throwing failed and is left out: broken on purpose\n",
    ]);
  });
});
