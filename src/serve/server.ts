import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { timingSafeEqual } from "node:crypto";
import { UsageError } from "../core/errors.js";
import { openFileLimit } from "../core/fd-limit.js";
import type { MonitorEvent } from "../core/event.js";
import type { Output, OutputEnv } from "../output/output.js";
import { ndjsonLine } from "../output/ndjson.js";
import { apiAnswer, BadQuery } from "./api.js";
import { Busy, type Served } from "./served.js";
import { EventStreams } from "./sse.js";

/** Most event streams open at once (fewer when the open-file limit is low: connectionCap). */
const MAX_STREAMS = 2000;
/** Most connections open at once, whatever the open-file limit. */
const MAX_CONNECTIONS = 4096;
/** Longest request target taken. */
const MAX_URL = 4096;

/** The status page: one self-contained file beside the code (no CDN, no build step). */
const PAGE = new URL("../../assets/page.html", import.meta.url);

/**
 * Connections the server takes at once: half the open-file limit, so that clients never take the
 * descriptors reading needs; a connection past it is closed as it comes.
 */
function connectionCap(): number {
  return Math.max(32, Math.min(MAX_CONNECTIONS, Math.floor(openFileLimit() / 2)));
}

/**
 * The HTTP server, an output: `/metrics` (Prometheus), the read-only REST API under `/api/v1/`
 * (docs/api.md), the live status page at `/`. GET and HEAD only, no request bodies, bounded
 * targets and timeouts, a bearer token on every request when one is configured. It keeps
 * serving the end state once the input ended, until the run is stopped.
 */
export async function serveOutput(
  served: Served,
  env: OutputEnv,
  token: string | null,
): Promise<Output> {
  const cap = connectionCap();
  // A few connections stay free for the API and /metrics while streams are full.
  const streams = new EventStreams(Math.min(MAX_STREAMS, cap - 16));
  const page = readFileSync(PAGE);
  const expected = token === null ? null : Buffer.from(`Bearer ${token}`);
  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
    });
    res.end(text);
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD");
      return send(res, 405, { error: "read-only: GET and HEAD only" });
    }
    const length = Number(req.headers["content-length"] ?? 0);
    if (length > 0 || req.headers["transfer-encoding"] !== undefined) {
      return send(res, 413, { error: "requests carry no body" });
    }
    if ((req.url ?? "").length > MAX_URL)
      return send(res, 414, { error: "the request target is too long" });
    if (expected !== null) {
      const given = Buffer.from(req.headers.authorization ?? "");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.setHeader("www-authenticate", 'Bearer realm="logmon"');
        return send(res, 401, { error: "a bearer token is required (Authorization: Bearer …)" });
      }
    }
    const url = new URL(req.url ?? "/", "http://logmon");
    const path = url.pathname;
    if (path === "/") {
      res.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "content-security-policy":
          "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'none'",
        "x-content-type-options": "nosniff",
      });
      res.end(req.method === "HEAD" ? undefined : page);
      return;
    }
    if (path === "/metrics") {
      const text = await served.metrics.text();
      res.writeHead(200, { "content-type": served.metrics.registry.contentType });
      res.end(req.method === "HEAD" ? undefined : text);
      return;
    }
    if (path === "/api/v1/events") {
      if (!streams.add(res)) send(res, 503, { error: `too many event streams (${streams.max})` });
      return;
    }
    if (path.startsWith("/api/v1/")) {
      const answer = await apiAnswer(served, env, path.slice("/api/v1/".length), url.searchParams);
      if (answer !== null) return send(res, answer.status, answer.body);
    }
    send(res, 404, { error: `no such endpoint: ${path} (see docs/api.md)` });
  };
  const server = createServer(
    { requestTimeout: 10_000, headersTimeout: 10_000, maxHeaderSize: 16_384 },
    (req, res) => {
      handle(req, res).catch((err: unknown) => {
        if (err instanceof BadQuery) send(res, 400, { error: err.message });
        else if (err instanceof Busy) send(res, 503, { error: `${err.message}: try again` });
        else send(res, 500, { error: (err as Error).message });
      });
    },
  );
  server.keepAliveTimeout = 5000;
  server.maxConnections = cap;
  const { host, port } = served.options;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        new UsageError(
          `cannot serve on ${host}:${port}: ${err.code === "EADDRINUSE" ? "the port is in use" : err.message}`,
          2,
        ),
      ),
    );
    server.listen(port, host, resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  served.url = `http://${host.includes(":") ? `[${host}]` : host}:${bound}/`;
  env.notice?.(`serving ${served.url} (metrics, API, status page)`);
  return {
    name: "http",
    lingers: true,
    event(e: MonitorEvent) {
      if (e.type === "report") served.report(e);
      else if (e.type === "alert" || e.type === "recover") served.alert(e);
      else if (e.type === "summary") served.metrics.settled();
      if (streams.size > 0) streams.event(ndjsonLine(e).slice(0, -1));
    },
    close: () =>
      new Promise<void>((resolve) => {
        streams.close();
        server.close(() => {
          served.store.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
