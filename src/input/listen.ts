import { UsageError } from "../core/errors.js";
import { SyslogReceiver } from "../ingest/syslog.js";
import type { Input, InputContext, InputScheme } from "./input.js";
import { allowCheck, isListenSpec, parseListenSpec } from "./listen-spec.js";
import { listenTcp, type Listener, type ListenerHooks } from "./syslog-tcp.js";
import { listenUdp } from "./syslog-udp.js";

/**
 * "udp://HOST:PORT" and "tcp://HOST:PORT": a syslog receiver. The listener is bound when
 * opened (a port in use is a usage error before anything starts) and receives once followed;
 * each sender it hears becomes an input of its own.
 */
export const listenScheme: InputScheme = {
  accepts: isListenSpec,
  open: async (text: string, ctx: InputContext, replay: boolean): Promise<Input> => {
    const spec = parseListenSpec(text);
    if (replay) {
      throw new UsageError(
        `--listen ${spec.name}: a listener has no end to replay to; drop --replay`,
        2,
      );
    }
    let name = spec.name;
    let listener: Listener | null = null;
    const receiver = new SyslogReceiver(ctx.ingest, ctx.clock, (sender) =>
      ctx.state(sender, "following", `via ${name}`),
    );
    const hooks: ListenerHooks = {
      receiver,
      allowed: allowCheck(spec.allow),
      note: (event, n = 1) => ctx.ingest.note(event, n),
      changed: () => {
        if (listener !== null) ctx.state(name, "listening", listener.detail());
      },
      outputReady: ctx.outputReady,
      clock: ctx.clock,
    };
    try {
      listener =
        spec.protocol === "tcp" ? await listenTcp(spec, hooks) : await listenUdp(spec, hooks);
    } catch (err) {
      throw new UsageError(`cannot listen on ${spec.name}: ${listenError(err)}`, 2);
    }
    const bound = listener;
    if (spec.port === 0) name = name.replace(/:0$/, `:${bound.port}`);
    return {
      statuses: [{ path: name, state: "listening", detail: bound.detail() }],
      replay: () => Promise.resolve(),
      follow: () => {
        bound.start();
        ctx.state(name, "listening", bound.detail());
        return { ended: null, stop: () => bound.stop() };
      },
    };
  },
};

/** Why a port could not be bound, in a few words. */
function listenError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") return "the port is in use (another logmon, or a syslog daemon?)";
  if (code === "EACCES")
    return "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)";
  if (code === "EADDRNOTAVAIL") return "no such address on this machine";
  return (err as Error).message;
}
