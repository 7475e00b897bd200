import { describe, expect, it } from "vitest";
import type { ErrorSample, LogRecord, ParseErrorReason } from "../../src/core/types.js";
import { BatchReader, BatchWriter } from "../../src/ingest/batch.js";
import { batchRing } from "../../src/ingest/columns.js";
import type { LineTarget } from "../../src/ingest/sink.js";
import { pathOf } from "../../src/stats/run-parts.js";
import { SampleQuota } from "../../src/stats/samples.js";
import { rec } from "../stats/helpers.js";

type Call =
  | ["record", LogRecord, number, number]
  | ["directive"]
  | ["invalid", ParseErrorReason, ErrorSample | null]
  | ["nul", number];

/** A LineTarget that writes down every call (records copied, samples asked for as the monitor does). */
function recorder(): { target: LineTarget; calls: Call[] } {
  const calls: Call[] = [];
  const quota = new SampleQuota();
  return {
    calls,
    target: {
      record: (r, offset, length) =>
        calls.push([
          "record",
          { ...r, hostHint: -1, sectionHint: -1, methodHint: -1 },
          offset,
          length,
        ]),
      directive: () => calls.push(["directive"]),
      invalid: (reason, sample) =>
        calls.push(["invalid", reason, quota.wants(reason) ? sample() : null]),
      droppedNul: (n) => calls.push(["nul", n]),
    },
  };
}

/**
 * Sends `feed`'s calls through a writer and reader over a ring, as the two threads do; with
 * `paths`, records carry their full paths, and `seen` gets each path as the receiver reads it.
 */
function roundTrip(feed: (t: LineTarget) => void, paths = false, seen: string[] = []): Call[] {
  const ring = batchRing(2);
  const reader = new BatchReader(ring);
  const out = recorder();
  const record = out.target.record;
  out.target.record = (r, offset, length) => {
    if (paths)
      seen.push(
        r.pathHash >= 0
          ? `${r.pathBytes.toString("latin1", r.pathStart, r.pathEnd)} #${r.pathHash}`
          : pathOf(r),
      );
    record(r, offset, length);
  };
  const writer = new BatchWriter(
    ring,
    () => undefined,
    (batch) => reader.apply(batch, out.target),
    paths,
  );
  feed(writer);
  writer.end();
  return out.calls;
}

describe("batches between the parsing and the counting thread", () => {
  it("carry every field of a record, vhost included, its place in its file, and every other call, in order", () => {
    const records = [
      rec(0, { vhost: "shop.example.com", host: "2001:db8::1", section: "/cart", status: 503 }),
      rec(1, { vhost: "", method: "PROPFIND", bytes: 12345678901, latencyMs: 12.5 }),
      rec(2, { vhost: "shop.example.com", section: "/ünï/😀", host: "10.0.0.1" }),
    ];
    const sample = (i: number): ErrorSample => ({
      reason: "bad_status",
      source: "a.log",
      lineNo: i,
      text: `line ${i}`,
    });
    const expected = recorder();
    const feed = (t: LineTarget) => {
      t.record(records[0] as LogRecord, 0, 120);
      t.directive();
      for (let i = 1; i <= 4; i++) t.invalid("bad_status", () => sample(i));
      t.droppedNul(7);
      t.record(records[1] as LogRecord, 8_000_000_123, 65_536);
      t.record(records[2] as LogRecord, -1, 3);
    };
    feed(expected.target);
    const calls = roundTrip(feed);
    expect(calls.filter((c) => c[0] === "record")).toEqual(
      expected.calls.filter((c) => c[0] === "record"),
    );
    expect(calls.map((c) => c[0])).toEqual(expected.calls.map((c) => c[0]));
    // The examples the monitor wants cross (the first SAMPLES_PER_REASON of a reason).
    const invalid = calls.filter((c) => c[0] === "invalid");
    expect(invalid).toEqual(expected.calls.filter((c) => c[0] === "invalid"));
    expect(invalid.map((c) => (c[2] as ErrorSample | null)?.lineNo ?? null)).toEqual([
      1,
      2,
      3,
      null,
    ]);
  });

  it("carry more records than one batch holds, across buffer reuse", () => {
    const many = Array.from({ length: 20_000 }, (_, i) =>
      rec(i % 50, { vhost: `v${i % 3}`, section: `/s${i % 70}`, host: `10.0.${i % 255}.1` }),
    );
    const calls = roundTrip((t) => many.forEach((r, i) => t.record(r, i * 100, i % 7)));
    expect(calls.length).toBe(many.length);
    expect(calls.map((c) => (c[1] as LogRecord).vhost)).toEqual(many.map((r) => r.vhost));
    expect(calls.map((c) => (c[1] as LogRecord).section)).toEqual(many.map((r) => r.section));
    expect(calls.map((c) => [c[2], c[3]])).toEqual(many.map((_, i) => [i * 100, i % 7]));
  });

  it("carry each record's full path when asked: bytes with their hash, or the text decoded", () => {
    const line = Buffer.from("GET /api/users/42 /caf\u00e9 x");
    const long = Buffer.from(`/${"a".repeat(59_999)}`);
    const many = Array.from({ length: 30_000 }, (_, i) => {
      const r = rec(0, { pathBytes: line, pathStart: 4, pathEnd: 17, pathHash: 1234 + i });
      if (i % 3 === 1) Object.assign(r, { path: "/caf\u00e9", pathHash: -1 });
      if (i % 3 === 2) Object.assign(r, { query: `?page=${i}` });
      // Long paths now and then: more than a batch's room for paths, which then ends early.
      if (i % 99 === 0) Object.assign(r, { pathBytes: long, pathStart: 0, pathEnd: long.length });
      return r;
    });
    const seen: string[] = [];
    roundTrip((t) => many.forEach((r) => t.record(r, -1, 0)), true, seen);
    expect(seen).toEqual(
      many.map((_, i) =>
        i % 99 === 0
          ? `${long.toString()} #${1234 + i}`
          : i % 3 === 0
            ? `/api/users/42 #${1234 + i}`
            : i % 3 === 1
              ? "/caf\u00e9"
              : `/api/users/42?page=${i}`,
      ),
    );
    // Without, records carry none (the receiving side counts no paths).
    const none: string[] = [];
    roundTrip((t) => many.slice(0, 10).forEach((r) => t.record(r, -1, 0)), false, none);
    expect(none).toEqual([]);
  });
});
