import { UsageError } from "../core/errors.js";
import { fileScheme } from "./files.js";
import type { Input, InputContext, InputScheme } from "./input.js";
import { listenScheme } from "./listen.js";
import { stdinScheme } from "./stdin.js";

/** Every input scheme, asked in order: a new scheme is one file and one entry here. */
export const INPUT_SCHEMES: readonly InputScheme[] = [stdinScheme, listenScheme, fileScheme];

/** Opens the input `spec` names ("-", a path, a pattern) with the first scheme that accepts it. */
export async function openInput(
  spec: string,
  ctx: InputContext,
  replay: boolean,
  schemes: readonly InputScheme[] = INPUT_SCHEMES,
): Promise<Input> {
  const scheme = schemes.find((s) => s.accepts(spec));
  if (scheme === undefined) throw new UsageError(`no input can be read from ${spec}`, 2);
  return scheme.open(spec, ctx, replay);
}
