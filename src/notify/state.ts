import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import type { AlertLine, MonitorEvent } from "../core/event.js";
import type { Output } from "../output/output.js";
import { describeFsError } from "../source/errors.js";

/** What a state file says of the runs before this one. */
export interface PriorState {
  /** Every alert and recovery written, oldest first. */
  history: AlertLine[];
  /** Rule and key ("rule[key]" or "rule") of each alert still firing at the last write. */
  firing: Set<string>;
  /** JIDs subscribed to alert messages from the chat bot at the last write. */
  subscribers: Set<string>;
}

/** A state-file line saying a JID (un)subscribed to the chat bot's alert messages. */
interface SubscriptionLine {
  type: "xmpp_subscription";
  jid: string;
  on: boolean;
}

function isSubscriptionLine(v: unknown): v is SubscriptionLine {
  const e = v as Partial<SubscriptionLine> | null;
  return (
    typeof e === "object" &&
    e !== null &&
    e.type === "xmpp_subscription" &&
    typeof e.jid === "string" &&
    typeof e.on === "boolean"
  );
}

/** The rule and key of an event, as the firing set holds them. */
export function firingKey(e: { rule: string; key: string | null }): string {
  return e.key === null ? e.rule : `${e.rule}[${e.key}]`;
}

function isAlertLine(v: unknown): v is AlertLine {
  const e = v as Partial<AlertLine> | null;
  return (
    typeof e === "object" &&
    e !== null &&
    (e.type === "alert" || e.type === "recover") &&
    typeof e.rule === "string" &&
    typeof e.id === "string" &&
    typeof e.message === "string"
  );
}

/**
 * Reads a state file (JSON lines of alert and recover events, and the chat bot's subscriptions). A missing file is a first run. A
 * file that is corrupt or truncated (a line that is not such an event, or a last line without
 * its newline) is set aside, renamed with `.corrupt-<time>`, and said once: never a crash.
 */
export function readState(path: string, nowMs: number, say: (line: string) => void): PriorState {
  const empty = { history: [], firing: new Set<string>(), subscribers: new Set<string>() };
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return empty;
    say(`cannot read state file ${path}: ${describeFsError(err)}; starting without it`);
    return empty;
  }
  const history: AlertLine[] = [];
  const subscribers = new Set<string>();
  const lines = text.split("\n");
  const last = lines.pop();
  let bad = last !== "" ? lines.length + 1 : 0;
  for (let i = 0; i < lines.length && bad === 0; i++) {
    try {
      const e: unknown = JSON.parse(lines[i] as string);
      if (isAlertLine(e)) history.push(e);
      else if (isSubscriptionLine(e)) {
        if (e.on) subscribers.add(e.jid);
        else subscribers.delete(e.jid);
      } else bad = i + 1;
    } catch {
      bad = i + 1;
    }
  }
  if (bad > 0) {
    const aside = `${path}.corrupt-${new Date(nowMs).toISOString().replace(/[:.]/g, "-")}`;
    try {
      renameSync(path, aside);
      say(
        `state file ${path} is damaged at line ${bad}: set aside as ${aside}; starting without it`,
      );
    } catch (err) {
      say(
        `state file ${path} is damaged at line ${bad} and cannot be set aside: ${describeFsError(err)}`,
      );
    }
    return empty;
  }
  const firing = new Set<string>();
  for (const e of history) {
    if (e.type === "alert") firing.add(firingKey(e));
    else firing.delete(firingKey(e));
  }
  return { history, firing, subscribers };
}

/** Appends that a JID (un)subscribed, fsynced; throws with the reason when it cannot. */
export function writeSubscription(path: string, jid: string, on: boolean): void {
  const line: SubscriptionLine = { type: "xmpp_subscription", jid, on };
  const fd = openSync(path, "a");
  try {
    writeSync(fd, `${JSON.stringify(line)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * The state file as an output: appends each alert and recovery as one JSON line, fsynced, so a
 * restart knows the history and what is firing even after a crash or a power cut.
 */
export function stateOutput(path: string): Output {
  let fd: number;
  try {
    fd = openSync(path, "a");
  } catch (err) {
    throw new Error(`cannot write state file ${path}: ${describeFsError(err)}`);
  }
  return {
    name: "state-file",
    event: (e: MonitorEvent) => {
      if (e.type !== "alert" && e.type !== "recover") return;
      writeSync(fd, `${JSON.stringify(e)}\n`);
      fsyncSync(fd);
    },
    close: () => {
      if (fd >= 0) closeSync(fd);
      fd = -1;
    },
  };
}
