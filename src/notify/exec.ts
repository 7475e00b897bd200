import { spawn } from "node:child_process";
import type { AlertLine } from "../core/event.js";
import { escapeControl } from "../output/escape.js";
import { serial, type Attempt, type Channel } from "./channel.js";

/**
 * `exec`: runs the configured argv without a shell, the event as one JSON line on its stdin and
 * LOGMON_RULE, LOGMON_KIND, LOGMON_MESSAGE in its environment; killed after the timeout. Log
 * content never becomes an argument or a shell word. A non-zero exit is a failed attempt.
 */
export function execChannel(
  name: string,
  command: string[],
  timeoutS: number,
  report: (a: Attempt) => void,
): Channel {
  const queue = serial();
  const run = (e: AlertLine): Promise<void> =>
    new Promise((resolve) => {
      const [file = "", ...args] = command;
      const done = (ok: boolean, error?: string) => {
        report({
          channel: name,
          id: e.id,
          ok,
          attempt: 1,
          ...(error === undefined ? {} : { error }),
        });
        resolve();
      };
      const child = spawn(file, args, {
        stdio: ["pipe", "ignore", "pipe"],
        env: {
          ...process.env,
          LOGMON_RULE: e.rule,
          LOGMON_KIND: e.type,
          LOGMON_MESSAGE: escapeControl(e.message),
        },
      });
      let stderr = "";
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutS * 1000);
      child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-200)));
      child.stdin.on("error", () => undefined);
      child.stdin.end(`${JSON.stringify(e)}\n`);
      child.on("error", (err) => {
        clearTimeout(timer);
        done(false, err.message);
      });
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        if (code === 0) done(true);
        else if (signal === "SIGKILL") done(false, `killed after ${timeoutS}s`);
        else
          done(
            false,
            `exit ${code ?? signal}${stderr === "" ? "" : `: ${stderr.trim().split("\n").at(-1)}`}`,
          );
      });
    });
  return {
    name,
    send: (e) => queue.push(() => run(e)),
    settle: () => queue.settle(),
  };
}
