import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../cli/run.js";

describe("putting logmon on the PATH, as the README says", () => {
  it("the README says how, right under the set-up commands", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const setup = readme.slice(readme.indexOf("npm ci"), readme.indexOf("## Usage"));
    expect(setup).toContain("npm link");
    expect(setup).toContain("npm install -g .");
  });

  it("npm install -g . gives a logmon command that runs from any folder", () => {
    const prefix = mkdtempSync(join(tmpdir(), "logmon-global-"));
    execFileSync(
      "npm",
      ["install", "-g", ".", "--prefix", prefix, "--offline", "--no-audit", "--no-fund"],
      {
        cwd: ROOT,
        stdio: "ignore",
      },
    );
    const elsewhere = mkdtempSync(join(tmpdir(), "logmon-cwd-"));
    const env = { ...process.env, PATH: `${join(prefix, "bin")}:${process.env.PATH ?? ""}` };
    const version = execFileSync("logmon", ["version"], { cwd: elsewhere, env, encoding: "utf8" });
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(version).toBe(`${pkg.version}\n`);
    const help = execFileSync("logmon", ["help"], { cwd: elsewhere, env, encoding: "utf8" });
    expect(help).toContain("Usage: logmon");
  }, 60_000);
});
