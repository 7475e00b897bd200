import { terminalProfile } from "../output/dashboard/terminal.js";
import type { Options } from "./options.js";

/** What the person sees on stdout: the dashboard only on a terminal that can draw one. */
export function outputMode(options: Options): "json" | "plain" | "dashboard" {
  if (options.output !== "auto") return options.output;
  if (process.stdout.isTTY !== true || terminalProfile(process.env.TERM) === null) return "plain";
  return "dashboard";
}
