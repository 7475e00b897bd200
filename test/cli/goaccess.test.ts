import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SummaryEvent } from "../../src/core/event.js";
import { haveProgram } from "../notify/system.js";
import { logmon } from "./run.js";

const haveGoAccess = haveProgram("/usr/bin/goaccess", "goaccess");

interface Panel {
  data: {
    data: string;
    hits: { count: number };
    items?: { data: string; hits: { count: number } }[];
  }[];
}

/** A panel of GoAccess's JSON as {key: hits}. */
function panel(report: Record<string, Panel>, name: string): Map<string, number> {
  return new Map(report[name]?.data.map((d) => [d.data, d.hits.count]) ?? []);
}

describe.runIf(haveGoAccess)("--run-stats side by side with GoAccess 1.7", () => {
  it("gives the same status codes, 404s, hosts, paths and referring sites on a generated log", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-goaccess-"));
    const log = join(dir, "access.log");
    const gen = await logmon(["generate", "--fast", "--seed", "5", "--count", "5000"]);
    writeFileSync(log, gen.stdout);
    // Paths without their query, requests keyed by path alone: as logmon lists them.
    const args = [
      "--log-format=COMBINED",
      "--no-query-string",
      "--http-method=no",
      "--http-protocol=no",
      // Its JSON lists a few hundred items per panel unless told otherwise.
      "--max-items=100000",
    ];
    execFileSync("goaccess", [log, ...args, "--no-progress", "-o", join(dir, "report.json")]);
    const ga = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as Record<string, Panel>;
    const r = await logmon(["--replay", "--json", "--run-stats", "--top", "50", log]);
    const run = (JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "{}") as SummaryEvent).run;
    if (run === undefined) throw new Error("no run object");

    const codes = new Map<string, number>();
    for (const cls of ga.status_codes?.data ?? [])
      for (const item of cls.items ?? []) codes.set(item.data.split(" ")[0] ?? "", item.hits.count);
    expect(Object.fromEntries(codes)).toEqual(run.status);

    const notFound = panel(ga, "not_found");
    expect(run.not_found.length).toBeGreaterThan(5);
    for (const row of run.not_found)
      expect([row.key, notFound.get(row.key)]).toEqual([row.key, row.hits]);

    const hosts = panel(ga, "hosts");
    for (const row of run.hosts.slice(0, 20))
      expect([row.key, hosts.get(row.key)]).toEqual([row.key, row.hits]);

    // GoAccess puts a path's 404s in not_found and its static files apart: together they are logmon's.
    const requests = panel(ga, "requests");
    const statics = panel(ga, "static_requests");
    for (const row of run.paths.slice(0, 20)) {
      const theirs =
        (requests.get(row.key) ?? 0) + (statics.get(row.key) ?? 0) + (notFound.get(row.key) ?? 0);
      expect([row.key, theirs]).toEqual([row.key, row.hits]);
    }

    // GoAccess lists referring sites (hosts); logmon lists referring pages.
    const sites = new Map<string, number>();
    for (const row of run.referrers) {
      const site = new URL(row.key).hostname;
      sites.set(site, (sites.get(site) ?? 0) + row.hits);
    }
    expect(Object.fromEntries(sites)).toEqual(Object.fromEntries(panel(ga, "referring_sites")));

    // With their queries (GoAccess's default, logmon's --keep-query), the same again.
    execFileSync("goaccess", [
      log,
      ...args.slice(0, 1),
      ...args.slice(2),
      "--no-progress",
      "-o",
      join(dir, "query.json"),
    ]);
    const gq = JSON.parse(readFileSync(join(dir, "query.json"), "utf8")) as Record<string, Panel>;
    const q = await logmon([
      "--replay",
      "--json",
      "--run-stats",
      "--keep-query",
      "--top",
      "1000",
      log,
    ]);
    const withQuery = (JSON.parse(q.stdout.trim().split("\n").at(-1) ?? "{}") as SummaryEvent).run;
    const [qr, qs, qn] = ["requests", "static_requests", "not_found"].map((p) => panel(gq, p));
    // The same path with a query is another key now: its count without one is smaller.
    const plainApi = run.paths.find((row) => row.key === "/api")?.hits ?? 0;
    expect(withQuery?.paths.find((row) => row.key === "/api")?.hits).toBeLessThan(plainApi);
    // A path with a query, as GoAccess keys it, is logmon's key too, with its count (a lower bound
    // within hits_error, as 5,000 lines hold more distinct paths with queries than a table).
    const queried = (withQuery?.paths ?? []).filter((r) => r.key.includes("?"));
    expect(queried.length).toBeGreaterThan(10);
    for (const row of queried) {
      const theirs = (qr?.get(row.key) ?? 0) + (qs?.get(row.key) ?? 0) + (qn?.get(row.key) ?? 0);
      expect(theirs).toBeGreaterThanOrEqual(row.hits);
      expect(theirs).toBeLessThanOrEqual(row.hits + (row.hits_error ?? 0));
    }
  });
});
