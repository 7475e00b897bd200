import type { ServerResponse } from "node:http";

/** Bytes a client may have waiting before it is dropped (a reader that stopped reading). */
const MAX_BACKLOG = 1 << 20;
/** A comment line this often keeps proxies from closing a quiet stream, ms. */
const HEARTBEAT_MS = 15_000;

/**
 * The clients of `/api/v1/events`: each gets every event as one Server-Sent Event whose data is
 * the NDJSON line itself. A client whose backlog passes MAX_BACKLOG is closed, so a stalled
 * reader never holds memory; a closed connection is forgotten at once.
 */
export class EventStreams {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(readonly max: number) {
    this.heartbeat = setInterval(() => this.send(": keep-alive\n\n"), HEARTBEAT_MS).unref();
  }

  /** Clients connected now. */
  get size(): number {
    return this.clients.size;
  }

  /** Takes a response as a new stream; false (answered 503) when there are too many. */
  add(res: ServerResponse): boolean {
    if (this.clients.size >= this.max) return false;
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      "x-accel-buffering": "no",
    });
    res.write(": logmon events\n\n");
    this.clients.add(res);
    res.on("close", () => this.clients.delete(res));
    return true;
  }

  /** Sends one event (its NDJSON line, without the newline) to every client. */
  event(line: string): void {
    this.send(`data: ${line}\n\n`);
  }

  private send(text: string): void {
    for (const res of this.clients) {
      if (res.writableLength > MAX_BACKLOG) {
        this.clients.delete(res);
        res.destroy();
        continue;
      }
      res.write(text);
    }
  }

  /** Ends every stream. */
  close(): void {
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}
