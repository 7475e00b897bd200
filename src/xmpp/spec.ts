/** The chat bot as configured (`xmpp:`), with the logs it may serve (`logs:`). */
export interface XmppSpec {
  /** The bot's own address ("logmon@example.com"). */
  jid: string;
  /** The environment variable holding its password (never the password itself). */
  passwordEnv: string;
  /** Where the server is; null: found as XMPP clients do (DNS SRV of the JID's domain). */
  host: string | null;
  port: number;
  /** Each allowed address (bare JID, lower case) and the names of the logs it may read. */
  users: Map<string, string[]>;
  /** Log names to paths or patterns: the only files the bot ever reads. */
  logs: Map<string, string>;
}

/** Whether an IP address is this machine's loopback (the one case where TLS is not required). */
export function isLoopback(address: string): boolean {
  return address === "::1" || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(address);
}

/** The bare form of a JID, lower-cased as servers compare them ("Alice@Example.com/phone"). */
export function bareJid(jid: string): string {
  const slash = jid.indexOf("/");
  return (slash < 0 ? jid : jid.slice(0, slash)).toLowerCase();
}
