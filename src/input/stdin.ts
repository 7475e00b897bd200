import type { Readable } from "node:stream";
import { readStreamInto } from "../source/read.js";
import { streamInput, type Input, type InputContext, type InputScheme } from "./input.js";

/** "-": standard input (or the demo's traffic), read as it comes until it ends. */
export const stdinScheme: InputScheme = {
  accepts: (spec) => spec === "-",
  open: (_spec: string, ctx: InputContext): Promise<Input> => {
    const { stream, name } = ctx.stdin;
    return Promise.resolve(
      streamInput(
        name,
        ctx,
        "standard input",
        () => readStreamInto(stream as Readable, ctx.ingest.input(name), ctx.outputReady),
        () => stream.pause(),
      ),
    );
  },
};
