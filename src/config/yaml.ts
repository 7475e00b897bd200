import { createRequire } from "node:module";

/** The yaml package, loaded on first use: a run without --config never pays for it. */
export function yaml(): typeof import("yaml") {
  return createRequire(import.meta.url)("yaml") as typeof import("yaml");
}
