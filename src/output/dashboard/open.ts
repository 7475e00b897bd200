import { openSync } from "node:fs";
import { PassThrough } from "node:stream";
import { ReadStream } from "node:tty";
import type { SummaryEvent } from "../../core/event.js";
import type { Output, OutputEnv } from "../output.js";
import { textLines } from "../text.js";
import { Dashboard } from "./controller.js";
import { terminalProfile } from "./terminal.js";

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

/**
 * The dashboard as an output: draws on this terminal from the events and the live view, keeps
 * the end state until the person quits (q asks the run to stop), and on close restores the
 * terminal and prints the summary as plain text where the person can still read it.
 */
export function dashboardOutput(env: OutputEnv): Output {
  const profile = terminalProfile(process.env.TERM);
  if (profile === null) throw new Error("no terminal description for the dashboard");
  const noColor = (process.env.NO_COLOR ?? "") !== "";
  const dashboard = new Dashboard(
    {
      live: () => env.live(),
      inputs: () => env.inputs(),
      nowMs: () => env.clock.nowMs(),
      serving: () => env.served?.url ?? null,
      chat: () => env.chat?.() ?? null,
      run: () => env.run?.() ?? null,
      resetRun: () => env.resetRun?.(),
      replay: env.replay === true,
      format: () => env.format(),
      logSpeed: env.logSpeed,
    },
    {
      onQuit: (status) => env.stop(status),
      view: {
        input: keyInput(),
        output: env.stdout,
        profile,
        unicodeBoxes: utf8Locale() && process.env.NCURSES_NO_UTF8_ACS !== "0",
        color: !noColor,
      },
    },
  );
  for (const e of env.earlier ?? []) dashboard.event(e);
  dashboard.start();
  let summary: SummaryEvent | null = null;
  let closed = false;
  return {
    name: "dashboard",
    lingers: true,
    event: (e) => {
      if (e.type === "summary") summary = e;
      else dashboard.event(e);
    },
    close: () => {
      if (closed) return;
      closed = true;
      dashboard.destroy();
      if (summary !== null) env.stdout.write(textLines(summary));
    },
  };
}
