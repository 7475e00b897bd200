// The text `npm run bench` prints: the replay table, then one line per other measurement.

/** Prints what scripts/bench.mjs measured, for people. */
export function printResult(result) {
  const pad = (s, n) => String(s).padEnd(n);
  const lpad = (s, n) => String(s).padStart(n);
  console.log(
    `${pad("dataset", 13)}${pad("tool", 24)}${lpad("lines", 11)}${lpad("MB", 6)}${lpad("median s", 10)}${lpad("min–max s", 14)}${lpad("lines/s", 11)}${lpad("MB/s", 6)}${lpad("RSS MiB", 9)}${lpad("× 1 thread", 12)}`,
  );
  for (const r of result.replay) {
    const range = `${r.min.toFixed(2)}–${r.max.toFixed(2)}`;
    const rss = r.rssMiB > 0 ? r.rssMiB.toFixed(0) : "";
    console.log(
      `${pad(r.dataset, 13)}${pad(r.tool, 24)}${lpad(r.lines.toLocaleString("en-US"), 11)}${lpad(r.mb, 6)}${lpad(r.median.toFixed(2), 10)}${lpad(range, 14)}${lpad(r.linesPerS.toLocaleString("en-US"), 11)}${lpad(r.mbPerS, 6)}${lpad(rss, 9)}${lpad(r.vsLogmon, 12)}`,
    );
  }
  console.log(result.syslog);
  console.log(result.http);
  if (result.liveLatency) {
    const l = result.liveLatency;
    console.log(
      `\nlive: append → NDJSON at 1,000 lines/s: p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms (${l.measured} lines)`,
    );
    const b = result.burst;
    console.log(
      `burst: ${b.lines.toLocaleString("en-US")} lines appended at once, counted in ${b.counted_after_ms} ms, longest event-loop stall ${b.loop_delay_max_ms} ms`,
    );
    console.log(
      `idle: following ${result.idle.files} quiet files costs ${result.idle.cpuPercent} % of one core`,
    );
    for (const f of result.followCpu) {
      console.log(
        `following ${f.files} files at ${f.rate} lines/s with a rotation a second: ${f.cpuPercent} % of one core (${f.counted} of ${f.written} lines counted)`,
      );
    }
  }
  console.log(result.notify);
}
