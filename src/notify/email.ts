import { createRequire } from "node:module";
import { escapeControl } from "../output/escape.js";
import type { AlertLine } from "../core/event.js";
import { textOf, type Attempt, type Channel, type ChannelSpec } from "./channel.js";

/** Tries per mail, with a second, then two, between them. */
export const EMAIL_TRIES = 3;

/** What an e-mail channel is configured with, its password read from the environment. */
export type EmailSpec = Omit<Extract<ChannelSpec, { kind: "email" }>, "kind" | "passwordEnv"> & {
  password: string | null;
};

function subject(events: AlertLine[]): string {
  const [first] = events;
  if (events.length === 1 && first !== undefined) return `[logmon] ${escapeControl(first.message)}`;
  const alerts = events.filter((e) => e.type === "alert").length;
  return `[logmon] ${events.length} events: ${alerts} alerts, ${events.length - alerts} recoveries`;
}

/**
 * `email` through SMTP (nodemailer), as a digest: the first alert of a quiet period is mailed at
 * once; what follows within `digest` is collected and mailed as one message when the period
 * ends (then a new period starts if more came, else it is quiet again). Settling (the run
 * stops) mails what is collected. Every try of every mail is reported, under the id of its
 * single event or `digest:N`.
 */
export function emailChannel(spec: EmailSpec, report: (a: Attempt) => void): Channel {
  // nodemailer is loaded only when a run has an e-mail channel.
  const { createTransport } = createRequire(import.meta.url)(
    "nodemailer",
  ) as typeof import("nodemailer");
  const transport = createTransport({
    host: spec.host,
    port: spec.port,
    secure: spec.tls,
    requireTLS: spec.starttls,
    ignoreTLS: !spec.starttls && !spec.tls,
    connectionTimeout: 10_000,
    ...(spec.user === null ? {} : { auth: { user: spec.user, pass: spec.password ?? "" } }),
  });
  const pending = new Set<Promise<void>>();
  let queue: AlertLine[] = [];
  let timer: NodeJS.Timeout | null = null;
  let mails = 0;

  const mail = (events: AlertLine[]) => {
    mails++;
    const id = events.length === 1 ? (events[0] as AlertLine).id : `digest:${mails}`;
    const deliver = async () => {
      for (let attempt = 1; attempt <= EMAIL_TRIES; attempt++) {
        try {
          await transport.sendMail({
            from: spec.from,
            to: spec.to,
            subject: subject(events),
            text: `${events.map(textOf).join("\n")}\n`,
          });
          report({ channel: spec.name, id, ok: true, attempt });
          return;
        } catch (err) {
          report({ channel: spec.name, id, ok: false, attempt, error: (err as Error).message });
          if (attempt < EMAIL_TRIES) await new Promise((r) => setTimeout(r, 1000 * attempt));
        }
      }
    };
    const p = deliver().finally(() => pending.delete(p));
    pending.add(p);
  };
  const endPeriod = () => {
    timer = null;
    if (queue.length === 0) return;
    mail(queue);
    queue = [];
    timer = setTimeout(endPeriod, spec.digestS * 1000);
  };

  return {
    name: spec.name,
    send: (e) => {
      if (timer === null) {
        mail([e]);
        timer = setTimeout(endPeriod, spec.digestS * 1000);
      } else {
        queue.push(e);
      }
    },
    settle: async () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      if (queue.length > 0) mail(queue);
      queue = [];
      await Promise.all([...pending]);
      transport.close();
    },
  };
}
