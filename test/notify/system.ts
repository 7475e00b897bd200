import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * Whether a program from Debian's packages is there for a real-server test, installing its
 * package with apt-get when it is missing and we are root. Under CI (CI=true) a missing program
 * is a failure; elsewhere the suite is skipped with a loud line saying what is missing.
 */
export function haveProgram(path: string, pkg: string): boolean {
  if (existsSync(path)) return true;
  if (process.getuid?.() === 0) {
    try {
      execFileSync("apt-get", ["update", "-qq"], { stdio: "ignore" });
      execFileSync("apt-get", ["install", "-y", "-qq", pkg], { stdio: "ignore" });
    } catch {
      // Said below.
    }
    if (existsSync(path)) return true;
  }
  const message = `${path} is missing (Debian package ${pkg}): its tests cannot run`;
  if (process.env.CI === "true") throw new Error(message);
  console.warn(`\n!!! SKIPPED: ${message}; install it with apt-get install ${pkg} !!!\n`);
  return false;
}
