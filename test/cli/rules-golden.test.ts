import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { logmon, ROOT } from "./run.js";

const configs = readdirSync(join(ROOT, "fixtures/rules")).filter((f) => f.endsWith(".yaml"));

describe("every rule kind on the fixtures: golden NDJSON", () => {
  it("has a golden for every config and a config for every golden", () => {
    const goldens = readdirSync(join(ROOT, "fixtures/golden/rules")).sort();
    expect(goldens).toEqual(configs.map((c) => c.replace(/\.yaml$/, ".ndjson")).sort());
  });

  it.each(configs)("fixtures/rules/%s replays to its golden", async (config) => {
    const r = await logmon(["--replay", "--json", "--config", `fixtures/rules/${config}`]);
    expect(r.stderr).toBe("");
    const golden = readFileSync(
      join(ROOT, "fixtures/golden/rules", config.replace(/\.yaml$/, ".ndjson")),
      "utf8",
    );
    expect(r.stdout).toBe(golden);
  });
});
