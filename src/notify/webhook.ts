import type { AlertLine } from "../core/event.js";
import { serial, textOf, type Attempt, type Channel } from "./channel.js";

/** First wait between tries, ms; doubled after each. */
export const BACKOFF_MS = 500;

/**
 * `webhook`: POSTs the event as JSON with a `text` field holding the human message (what
 * Slack-, Mattermost- and Rocket.Chat-style incoming webhooks show), with the configured
 * headers; a try fails on a timeout, a network error or a non-2xx answer, and is retried with
 * exponential backoff up to `tries` times. Every try is reported; the last failure is counted.
 */
export function webhookChannel(
  spec: {
    name: string;
    url: string;
    headers: Record<string, string>;
    timeoutS: number;
    tries: number;
  },
  report: (a: Attempt) => void,
): Channel {
  const queue = serial();
  const deliver = async (e: AlertLine): Promise<void> => {
    const body = JSON.stringify({ ...e, text: textOf(e) });
    for (let attempt = 1; attempt <= spec.tries; attempt++) {
      let error: string;
      try {
        const answer = await fetch(spec.url, {
          method: "POST",
          headers: { "content-type": "application/json", ...spec.headers },
          body,
          signal: AbortSignal.timeout(spec.timeoutS * 1000),
        });
        await answer.arrayBuffer().catch(() => undefined);
        if (answer.ok) {
          report({ channel: spec.name, id: e.id, ok: true, attempt });
          return;
        }
        error = `HTTP ${answer.status}`;
      } catch (err) {
        const why = (err as { cause?: { code?: string; message?: string } }).cause;
        const cause = why?.code ?? why?.message;
        error =
          (err as Error).name === "TimeoutError"
            ? `no answer in ${spec.timeoutS}s`
            : (cause ?? (err as Error).message);
      }
      report({ channel: spec.name, id: e.id, ok: false, attempt, error });
      if (attempt < spec.tries)
        await new Promise((r) => setTimeout(r, BACKOFF_MS * 2 ** (attempt - 1)));
    }
  };
  return {
    name: spec.name,
    send: (e) => queue.push(() => deliver(e)),
    settle: () => queue.settle(),
  };
}
