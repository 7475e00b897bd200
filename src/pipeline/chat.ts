import type { Clock } from "../core/clock.js";
import { UsageError } from "../core/errors.js";
import { emptyRecord, type LiveView } from "../core/types.js";
import type { LineParser } from "../parse/parser.js";
import type { PriorState } from "../notify/state.js";
import { XmppBot } from "../xmpp/bot.js";
import type { Options } from "./options.js";

/**
 * The chat bot's password, from the environment variable the config names (null without a bot);
 * one that is not set is a usage error, said before anything else is opened.
 */
export function botPassword(options: Options): string | null {
  const spec = options.xmpp ?? null;
  if (spec === null) return null;
  const password = process.env[spec.passwordEnv] ?? "";
  if (password === "") {
    throw new UsageError(`xmpp: the environment variable ${spec.passwordEnv} is not set`, 2);
  }
  return password;
}

/** The chat bot of the config's `xmpp:`, or null without one. */
export function openBot(
  options: Options,
  password: string | null,
  prior: PriorState,
  run: {
    clock: Clock;
    live(): LiveView;
    makeParser(): LineParser;
    notice(line: string): void;
  },
): XmppBot | null {
  const spec = options.xmpp ?? null;
  if (spec === null || password === null) return null;
  const rec = emptyRecord();
  return new XmppBot(spec, password, {
    clock: run.clock,
    live: run.live,
    timeOf: (line) => {
      const parser = run.makeParser();
      return parser.parse(line, 0, line.length, rec) === null ? rec.time : NaN;
    },
    notice: run.notice,
    stateFile: options.stateFile ?? null,
    earlier: prior.history,
    subscribers: prior.subscribers,
  });
}
