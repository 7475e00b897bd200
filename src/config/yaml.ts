import { createRequire } from "node:module";

let loaded: typeof import("yaml") | null = null;

/** The yaml package, loaded on first use: a run without --config never pays for it. */
export function yaml(): typeof import("yaml") {
  loaded ??= createRequire(import.meta.url)("yaml") as typeof import("yaml");
  return loaded;
}
