/** What the commands act on: the bot, for one JID at a time. */
export interface BotActions {
  /** The names of the logs this JID may read. */
  allowed(jid: string): string[];
  ls(jid: string): Promise<string>;
  /** Starts a live tail; resolves with the reply (the lines come as tail messages). */
  tail(jid: string, name: string, n: number): Promise<string>;
  /** Stops one tail, or all of this JID's (name null). */
  stop(jid: string, name: string | null): string;
  status(): string;
  alerts(n: number): string;
  subscribe(jid: string, on: boolean): string;
}

interface Command {
  usage: string;
  about: string;
  run(a: BotActions, jid: string, args: string[]): Promise<string> | string;
}

/** Lines a tail may ask for at first. */
export const MAX_TAIL_LINES = 200;

/** A log name as the bot takes it; a path or anything else is refused before it is looked up. */
function logName(a: BotActions, jid: string, word: string | undefined): string | Error {
  if (word === undefined) return new Error("which log? ls lists yours");
  if (/[/\\]|\.\./.test(word)) return new Error("logs are named, never paths: ls lists yours");
  const name = a.allowed(jid).find((n) => n.toLowerCase() === word.toLowerCase());
  return name ?? new Error(`no log named ${word} for you: ls lists yours`);
}

function count(word: string | undefined, fallback: number, max: number): number | Error {
  if (word === undefined) return fallback;
  const n = Number(word);
  if (!/^\d+$/.test(word) || n < 1 || n > max)
    return new Error(`N must be a number from 1 to ${max}`);
  return n;
}

const COMMANDS: Record<string, Command> = {
  help: {
    usage: "help [COMMAND]",
    about: "the commands, or how one is used",
    run: (_a, _jid, [word]) => help(word),
  },
  ls: {
    usage: "ls",
    about: "the logs you may read, with their size and the time of their last line",
    run: (a, jid) => a.ls(jid),
  },
  tail: {
    usage: "tail NAME [N]",
    about: `the last N lines of a log (default 10, at most ${MAX_TAIL_LINES}), then new lines as they come, until stop`,
    run: (a, jid, [word, nWord]) => {
      const name = logName(a, jid, word);
      if (name instanceof Error) return name.message;
      const n = count(nWord, 10, MAX_TAIL_LINES);
      return n instanceof Error ? n.message : a.tail(jid, name, n);
    },
  },
  stop: {
    usage: "stop [NAME]",
    about: "stops the tail of a log, or all your tails",
    run: (a, jid, [word]) => {
      if (word === undefined) return a.stop(jid, null);
      const name = logName(a, jid, word);
      return name instanceof Error ? name.message : a.stop(jid, name);
    },
  },
  status: {
    usage: "status",
    about: "log time, the rate against the threshold, the top sections, the alerts firing",
    run: (a) => a.status(),
  },
  alerts: {
    usage: "alerts [N]",
    about: "the last N alerts and recoveries (default 10)",
    run: (a, _jid, [nWord]) => {
      const n = count(nWord, 10, 100);
      return n instanceof Error ? n.message : a.alerts(n);
    },
  },
  subscribe: {
    usage: "subscribe",
    about: "alerts and recoveries are sent to you as they happen",
    run: (a, jid) => a.subscribe(jid, true),
  },
  unsubscribe: {
    usage: "unsubscribe",
    about: "no more alert messages",
    run: (a, jid) => a.subscribe(jid, false),
  },
};

function help(word: string | undefined): string {
  if (word !== undefined) {
    const c = COMMANDS[word.toLowerCase()];
    if (c === undefined) return `no command ${word}: help lists them`;
    return `${c.usage}: ${c.about}`;
  }
  return [
    "Commands (any case):",
    ...Object.values(COMMANDS).map((c) => `${c.usage} — ${c.about}`),
  ].join("\n");
}

/** The reply to one message from an allowed JID. */
export async function answer(a: BotActions, jid: string, text: string): Promise<string> {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((w) => w !== "");
  const [first, ...args] = words;
  if (first === undefined) return "help lists the commands";
  const c = COMMANDS[first.toLowerCase()];
  if (c === undefined) {
    const shown = first.length > 20 ? `${first.slice(0, 20)}…` : first;
    return `unknown command ${shown}: try help, ls, tail NAME, status`;
  }
  return c.run(a, jid, args);
}
