import { createWriteStream, openSync } from "node:fs";
import { UsageError } from "../core/errors.js";
import type { ServeOptions, Served } from "../serve/served.js";
import { describeFsError } from "../source/errors.js";
import { terminalProfile } from "./dashboard/terminal.js";
import { ndjsonLine } from "./ndjson.js";
import type { Output, OutputEnv, Subscribers } from "./output.js";
import { reportOutput } from "./report.js";
import { plainText } from "./text.js";
import { streamWriter } from "./writer.js";

/** What the options say about outputs. */
export interface OutputOptions {
  /** What stdout shows: NDJSON, plain text, or auto (the dashboard on a terminal that can draw one). */
  output: "json" | "plain" | "auto";
  /** --json-file: NDJSON also written to this file, whatever stdout shows. */
  jsonFile: string | null;
  /** --report: the HTML report written at the end, or null. */
  report?: string | null;
  /** --http: serve metrics, the API and the status page, or null. */
  http?: ServeOptions | null;
}

/** What stdout shows: the dashboard only on a terminal that can draw one. */
export function stdoutMode(o: OutputOptions, env: OutputEnv): "json" | "plain" | "dashboard" {
  if (o.output !== "auto") return o.output;
  if (env.stdout.isTTY !== true || terminalProfile(process.env.TERM) === null) return "plain";
  return "dashboard";
}

/** One kind of output: when the options want it, and how it is opened. */
interface OutputKind {
  wanted(o: OutputOptions, env: OutputEnv): boolean;
  open(o: OutputOptions, env: OutputEnv): Output | Promise<Output>;
}

function jsonFile(path: string): Output {
  let fd: number;
  try {
    fd = openSync(path, "w");
  } catch (err) {
    throw new UsageError(`cannot write ${path}: ${describeFsError(err)}`, 2);
  }
  return streamWriter("json-file", createWriteStream("", { fd }), ndjsonLine, true);
}

/**
 * Every output kind, opened in this order when wanted: a new output is one file implementing
 * Output and one entry here. Files come first so that a file that cannot be written is a
 * usage error before the dashboard takes the screen.
 */
const OUTPUT_KINDS: OutputKind[] = [
  { wanted: (o) => o.jsonFile !== null, open: (o) => jsonFile(o.jsonFile as string) },
  {
    wanted: (o) => (o.report ?? null) !== null,
    open: (o, env) => reportOutput(o.report as string, env),
  },
  {
    wanted: (o, env) => stdoutMode(o, env) === "json",
    open: (_o, env) => streamWriter("ndjson", env.stdout, ndjsonLine, false),
  },
  {
    wanted: (o, env) => stdoutMode(o, env) === "plain",
    open: (_o, env) => streamWriter("text", env.stdout, plainText(), false),
  },
  {
    wanted: (_o, env) => env.served !== undefined,
    open: async (o, env) => {
      const token = o.http?.tokenEnv == null ? null : (process.env[o.http.tokenEnv] ?? "");
      if (token === "") {
        throw new UsageError(
          `--http: the environment variable ${o.http?.tokenEnv ?? ""} is not set`,
          2,
        );
      }
      return (await import("../serve/server.js")).serveOutput(env.served as Served, env, token);
    },
  },
  {
    wanted: (o, env) => stdoutMode(o, env) === "dashboard",
    // Loaded only when drawn: blessed is large.
    open: async (_o, env) => (await import("./dashboard/open.js")).dashboardOutput(env),
  },
];

/** Opens every output the options want into `into`, before any input is read. */
export async function openOutputs(
  o: OutputOptions,
  env: OutputEnv,
  into: Subscribers,
): Promise<void> {
  for (const kind of OUTPUT_KINDS) {
    if (kind.wanted(o, env)) into.add(await kind.open(o, env));
  }
}
