import { once } from "node:events";
import type { MonitorEvent } from "../core/event.js";
import type { Output } from "./output.js";

/**
 * An output that writes each event as text to a stream (NDJSON or plain text, to stdout or a
 * file). It waits for a full pipe through ready(), and ends the stream on close unless it is
 * stdout.
 */
export function streamWriter(
  name: string,
  stream: NodeJS.WritableStream & { writableNeedDrain: boolean },
  format: (e: MonitorEvent) => string,
  ownsStream: boolean,
): Output {
  let waiting: Promise<void> | null = null;
  return {
    name,
    event: (e) => {
      const text = format(e);
      if (text !== "") stream.write(text);
    },
    ready: () => {
      if (!stream.writableNeedDrain) return null;
      waiting ??= once(stream, "drain").then(() => {
        waiting = null;
      });
      return waiting;
    },
    close: async () => {
      if (!ownsStream) return;
      const finished = once(stream, "finish");
      stream.end();
      await finished;
    },
  };
}
