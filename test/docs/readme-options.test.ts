import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MONITOR_FLAGS } from "../../src/cli/flags.js";
import { ROOT } from "../cli/run.js";

/** The rows of the README's option table: its first two cells, unquoted. */
function readmeOptions(): [string, string][] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("| option ");
  const table = readme.slice(start, readme.indexOf("\n\n", start)).split("\n").slice(2);
  return table.map((row) => {
    const [flags, shown] = row
      .split("|")
      .slice(1, 3)
      .map((cell) => cell.trim().replace(/^`|`$/g, ""));
    return [flags as string, shown as string];
  });
}

describe("the README's option table", () => {
  it("lists every flag of the command, in order, with the default it really has", () => {
    const expected = MONITOR_FLAGS.map((f): [string, string] => [f.flags, f.shown ?? ""]);
    expect(readmeOptions()).toEqual([...expected, ["-V, --version`, `--help", ""]]);
  });
});
