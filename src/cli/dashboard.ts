import { openSync } from "node:fs";
import { PassThrough } from "node:stream";
import { ReadStream } from "node:tty";
import type { Clock } from "../core/clock.js";
import { Dashboard } from "../output/dashboard/controller.js";
import type { InputStatus } from "../output/dashboard/model.js";
import { terminalProfile } from "../output/dashboard/terminal.js";
import type { Ingest } from "../ingest/ingest.js";
import type { Monitor } from "../stats/monitor.js";

/** Where keys come from: the terminal itself, even when the log is piped into stdin. */
function keyInput(): NodeJS.ReadableStream {
  if (process.stdin.isTTY === true) return process.stdin;
  try {
    return new ReadStream(openSync("/dev/tty", "r"));
  } catch {
    return new PassThrough();
  }
}

function utf8Locale(): boolean {
  const env = process.env;
  return /utf-?8/i.test(`${env.LC_ALL ?? ""}:${env.LC_CTYPE ?? ""}:${env.LANG ?? ""}`);
}

/** Opens the dashboard on this terminal; `onQuit` runs when the person presses q or Ctrl-C. */
export function openDashboard(
  monitor: Monitor,
  ingest: Ingest,
  inputs: () => InputStatus[],
  clock: Clock,
  onQuit: () => void,
): Dashboard {
  const profile = terminalProfile(process.env.TERM);
  if (profile === null) throw new Error("no terminal description for the dashboard");
  const noColor = (process.env.NO_COLOR ?? "") !== "";
  const dashboard = new Dashboard(
    { live: () => monitor.live(), inputs, nowMs: () => clock.nowMs(), format: () => ingest.format },
    {
      onQuit,
      view: {
        input: keyInput(),
        output: process.stdout,
        profile,
        unicodeBoxes: utf8Locale() && process.env.NCURSES_NO_UTF8_ACS !== "0",
        color: !noColor,
      },
    },
  );
  dashboard.start();
  return dashboard;
}
