import type { Node } from "yaml";
import { bareJid, type XmppSpec } from "../xmpp/spec.js";
import type { ConfigNode, ConfigReader } from "./reader.js";
import { yaml } from "./yaml.js";

const NAME = /^[A-Za-z0-9_.-]{1,40}$/;
const JID = /^[^@/\s]+@[^@/\s]+$/;

/** `logs:`: names (letters, digits, _ . -) to a path or pattern each. */
export function readLogs(r: ConfigReader, node: ConfigNode): Map<string, string> {
  const out = new Map<string, string>();
  if (!yaml().isMap(node)) return r.fail(node, "logs must be a mapping of names to paths") ?? out;
  for (const pair of node.items) {
    const name = yaml().isScalar(pair.key) ? String(pair.key.value) : "";
    if (!NAME.test(name)) {
      r.fail(pair.key as Node, `log name "${name}": 1 to 40 letters, digits, _ . - only`);
      continue;
    }
    const path = r.string(pair.value as Node, `logs: ${name}`);
    if (path !== undefined) out.set(name, path);
  }
  return out;
}

/** `xmpp:`: the bot's account, server and users; every log a user names must be under `logs:`. */
export function readXmpp(
  r: ConfigReader,
  node: ConfigNode,
  logs: Map<string, string>,
): XmppSpec | undefined {
  const e = r.entries(node, "xmpp", ["jid", "password_env", "host", "port", "users"]);
  if (e === undefined) return undefined;
  const jidNode = e.get("jid");
  const jid = jidNode === undefined ? r.fail(node, "xmpp needs jid:") : r.string(jidNode, "jid");
  if (jid !== undefined && !JID.test(jid))
    r.fail(jidNode ?? node, "jid must be like bot@example.com");
  const envNode = e.get("password_env");
  const passwordEnv =
    envNode === undefined
      ? r.fail(node, "xmpp needs password_env: (the environment variable holding the password)")
      : r.string(envNode, "password_env");
  if (passwordEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(passwordEnv)) {
    r.fail(envNode ?? node, "password_env must name an environment variable, not hold a password");
  }
  const hostNode = e.get("host");
  const portNode = e.get("port");
  const users = new Map<string, string[]>();
  const usersNode = e.get("users");
  if (usersNode === undefined) r.fail(node, "xmpp needs users: (each allowed JID and its logs)");
  else if (!yaml().isMap(usersNode)) r.fail(usersNode, "users must map JIDs to lists of log names");
  else {
    for (const pair of usersNode.items) {
      const who = yaml().isScalar(pair.key) ? String(pair.key.value) : "";
      if (!JID.test(who)) {
        r.fail(pair.key as Node, `user "${who}" must be a bare JID like alice@example.com`);
        continue;
      }
      const names = r.list(pair.value as Node, `logs of ${who}`) ?? [];
      for (const name of names) {
        if (!logs.has(name)) r.fail(pair.value as Node, `${who}: no log named ${name} under logs:`);
      }
      users.set(bareJid(who), names);
    }
  }
  if (jid === undefined || passwordEnv === undefined) return undefined;
  return {
    jid: bareJid(jid),
    passwordEnv,
    host: hostNode === undefined ? null : (r.string(hostNode, "host") ?? null),
    port: portNode === undefined ? 5222 : (r.number(portNode, "port", 1, 65535) ?? 5222),
    users,
    logs,
  };
}
