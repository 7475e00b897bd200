import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import type { MonitorEvent } from "../core/event.js";
import { UsageError } from "../core/errors.js";
import { describeFsError } from "../source/errors.js";
import type { Output, OutputEnv } from "./output.js";

const TEMPLATE = new URL("../../assets/report.html", import.meta.url);

/**
 * JSON that is safe inside a <script> element whatever the log held: "<", ">" and "&" (so no
 * "</script>" or "<!--") and the two line separators JavaScript once took for line ends escaped.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * `--report FILE.html`: one self-contained HTML file (inline CSS and script, no request out) with
 * the whole run's panels, its time chart with the alerts marked, and the alert history, written
 * when the summary comes (the end of a replay, or on exit). The file is opened at start, so one
 * that cannot be written is a usage error before anything is read.
 */
export function reportOutput(path: string, env: OutputEnv): Output {
  let fd: number;
  try {
    fd = openSync(path, "w");
  } catch (err) {
    throw new UsageError(`--report: cannot write ${path}: ${describeFsError(err)}`, 2);
  }
  const template = readFileSync(TEMPLATE, "utf8");
  return {
    name: "report",
    event(e: MonitorEvent) {
      if (e.type !== "summary" || fd < 0) return;
      const data = {
        summary: e,
        inputs: env.inputs().map((i) => i.path),
        written: new Date(env.clock.nowMs()).toISOString(),
      };
      writeSync(
        fd,
        template.replace("/*DATA*/", () => scriptJson(data)),
      );
      closeSync(fd);
      fd = -1;
      env.notice?.(`report written to ${path}`);
    },
    close() {
      if (fd >= 0) closeSync(fd);
      fd = -1;
    },
  };
}
