import type { Readable } from "node:stream";
import { readStreamInto } from "../source/read.js";
import { ReadFailure, type Input, type InputContext, type InputScheme } from "./input.js";

/** "-": standard input (or the demo's traffic), read as it comes until it ends. */
export const stdinScheme: InputScheme = {
  accepts: (spec) => spec === "-",
  open: (_spec: string, ctx: InputContext): Promise<Input> => {
    const { stream, name } = ctx.stdin;
    const read = () =>
      readStreamInto(stream as Readable, ctx.ingest.input(name), ctx.outputReady).catch(
        (err: unknown) => {
          throw new ReadFailure("standard input", err);
        },
      );
    return Promise.resolve({
      statuses: [{ path: name, state: "stdin" }],
      replay: read,
      follow: () => ({
        ended: read(),
        stop: () => {
          stream.pause();
          return Promise.resolve();
        },
      }),
    });
  },
};
