import type { AlertLine } from "../core/event.js";
import { escapeControl } from "../output/escape.js";
import type { SyslogSpec } from "./syslog.js";

/** A notification channel as configured under `notify:`. */
export type ChannelSpec =
  | { kind: "exec"; name: string; command: string[]; timeoutS: number }
  | {
      kind: "webhook";
      name: string;
      /** The URL, or the environment variable holding it (chat webhooks carry their secret in it). */
      url: string | null;
      urlEnv: string | null;
      headers: Record<string, string>;
      /** Headers whose values are secrets: header name → environment variable. */
      headersEnv: Record<string, string>;
      timeoutS: number;
      tries: number;
    }
  | {
      kind: "email";
      name: string;
      host: string;
      port: number;
      /** Upgrade with STARTTLS (587); `tls` for a TLS connection from the start (465). */
      starttls: boolean;
      tls: boolean;
      user: string | null;
      /** The environment variable holding the password (never the password itself). */
      passwordEnv: string | null;
      from: string;
      to: string[];
      digestS: number;
    }
  | ({ kind: "syslog" } & SyslogSpec);

/** One attempt's outcome, for a `notify` event. */
export interface Attempt {
  channel: string;
  /** The alert id (or "digest:N" for a digest mail). */
  id: string;
  ok: boolean;
  attempt: number;
  error?: string;
}

/** A running channel: takes alert and recover events, reports every attempt. */
export interface Channel {
  readonly name: string;
  send(event: AlertLine): void;
  /** Sends what is pending (an e-mail digest) and resolves when every delivery has ended. */
  settle(): Promise<void>;
}

/**
 * The human words of an event, as chat webhooks, mail and commands get them: control characters
 * of log text in a grouped rule's key shown escaped (\x1b), never passed on.
 */
export function textOf(e: AlertLine): string {
  const message = escapeControl(e.message);
  return e.duration_s === undefined ? message : `${message} (alert lasted ${e.duration_s}s)`;
}

/**
 * Deliveries of one channel, one at a time in the order sent (a receiver never sees a recovery
 * before its alert), beside the monitor; `settle` resolves when every one has ended.
 */
export function serial(): { push(deliver: () => Promise<void>): void; settle(): Promise<void> } {
  const pending = new Set<Promise<void>>();
  let last: Promise<void> = Promise.resolve();
  return {
    push: (deliver) => {
      const p = last.then(deliver).finally(() => pending.delete(p));
      last = p;
      pending.add(p);
    },
    settle: async () => {
      await Promise.all([...pending]);
    },
  };
}
