import type { Node } from "yaml";
import type { ChannelSpec } from "../notify/channel.js";
import { FACILITIES } from "../notify/syslog.js";
import type { ConfigNode, ConfigReader } from "./reader.js";
import { yaml } from "./yaml.js";

const KEYS = {
  exec: ["kind", "command", "timeout"],
  webhook: ["kind", "url", "url_env", "headers", "headers_env", "timeout", "tries"],
  email: [
    "kind",
    "host",
    "port",
    "starttls",
    "tls",
    "user",
    "password_env",
    "from",
    "to",
    "digest",
  ],
  syslog: ["kind", "host", "port", "protocol", "facility", "app_name", "timeout", "tries"],
} as const;

function kindOf(r: ConfigReader, node: Node, name: string): keyof typeof KEYS | undefined {
  if (!yaml().isMap(node)) return r.fail(node, `channel ${name} must be a mapping`);
  const pair = node.items.find((p) => yaml().isScalar(p.key) && p.key.value === "kind");
  if (pair === undefined)
    return r.fail(node, `channel ${name} needs a kind: exec, webhook, email or syslog`);
  return r.choice(pair.value as Node, `the kind of channel ${name}`, [
    "exec",
    "webhook",
    "email",
    "syslog",
  ] as const);
}

/** What an environment variable's name looks like. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function envName(r: ConfigReader, node: Node, what: string): string | undefined {
  const name = r.string(node, what);
  if (name !== undefined && !ENV_NAME.test(name)) {
    return r.fail(
      node,
      `${what} names an environment variable (the secret never goes in the file)`,
    );
  }
  return name;
}

function headers(r: ConfigReader, node: Node | undefined): Record<string, string> {
  if (node === undefined) return {};
  if (!yaml().isMap(node))
    return r.fail(node, "headers must be a mapping of names to values") ?? {};
  const out: Record<string, string> = {};
  for (const p of node.items) {
    const name = yaml().isScalar(p.key) ? String(p.key.value) : "";
    const value = r.string(p.value as Node, `header ${name}`);
    if (!/^[A-Za-z0-9-]+$/.test(name)) r.fail(p.key as Node, `"${name}" is not a header name`);
    else if (value !== undefined) out[name] = value;
  }
  return out;
}

function channel(r: ConfigReader, name: string, node: Node): ChannelSpec | undefined {
  const kind = kindOf(r, node, name);
  if (kind === undefined) return undefined;
  const e = r.entries(node, `channel ${name}`, KEYS[kind]);
  if (e === undefined) return undefined;
  const need = (key: string) => e.get(key) ?? r.fail(node, `channel ${name} needs ${key}`);
  const timeout = (fallback: number) => {
    const t = e.get("timeout");
    return t === undefined ? fallback : r.duration(t, "timeout", 1, 600);
  };
  if (kind === "exec") {
    const c = need("command");
    const command = c === undefined ? undefined : r.list(c, "command");
    if (command !== undefined && command.length === 0) return r.fail(c ?? node, "command is empty");
    const timeoutS = timeout(10);
    if (command === undefined || timeoutS === undefined) return undefined;
    return { kind, name, command, timeoutS };
  }
  if (kind === "webhook") {
    const u = e.get("url");
    const ue = e.get("url_env");
    if ((u === undefined) === (ue === undefined)) {
      return r.fail(
        node,
        `channel ${name} needs url or url_env (the variable holding a secret URL)`,
      );
    }
    const url = u === undefined ? null : r.string(u, "url");
    if (url != null && !/^https?:\/\/[^\s/]+/.test(url))
      return r.fail(u ?? node, `url must be http:// or https://`);
    const urlEnv = ue === undefined ? null : envName(r, ue, "url_env");
    const headersEnv = headers(r, e.get("headers_env"));
    for (const [header, variable] of Object.entries(headersEnv)) {
      if (!ENV_NAME.test(variable))
        r.fail(e.get("headers_env") ?? node, `${header}: "${variable}" is not a variable name`);
    }
    const t = e.get("tries");
    const tries = t === undefined ? 5 : r.number(t, "tries", 1, 20);
    const timeoutS = timeout(5);
    if (url === undefined || urlEnv === undefined || tries === undefined || timeoutS === undefined)
      return undefined;
    return {
      kind,
      name,
      url,
      urlEnv,
      headers: headers(r, e.get("headers")),
      headersEnv,
      timeoutS,
      tries,
    };
  }
  if (kind === "syslog") return syslogSpec(r, name, node, e);
  const text = (key: string) => {
    const n = e.get(key);
    return n === undefined ? null : (r.string(n, key) ?? null);
  };
  const flag = (key: string) => {
    const n = e.get(key);
    return n === undefined ? false : (r.boolean(n, key) ?? false);
  };
  const host = need("host") === undefined ? undefined : text("host");
  const from = need("from") === undefined ? undefined : text("from");
  const toNode = need("to");
  const to = toNode === undefined ? undefined : r.list(toNode, "to");
  const starttls = flag("starttls");
  const tls = flag("tls");
  const p = e.get("port");
  const port = p === undefined ? (tls ? 465 : starttls ? 587 : 25) : r.number(p, "port", 1, 65535);
  const d = e.get("digest");
  const digestS = d === undefined ? 300 : r.duration(d, "digest", 0, 86400);
  const pe = e.get("password_env");
  const passwordEnv = pe === undefined ? null : (envName(r, pe, "password_env") ?? null);
  if (
    host == null ||
    from == null ||
    to === undefined ||
    port === undefined ||
    digestS === undefined
  )
    return undefined;
  return {
    kind,
    name,
    host,
    port,
    starttls,
    tls,
    user: text("user"),
    passwordEnv,
    from,
    to,
    digestS,
  };
}

/** A `kind: syslog` channel: where to send RFC 5424 messages, and how. */
function syslogSpec(
  r: ConfigReader,
  name: string,
  node: Node,
  e: Map<string, Node>,
): ChannelSpec | undefined {
  const h = e.get("host");
  const host = h === undefined ? r.fail(node, `channel ${name} needs host`) : r.string(h, "host");
  const p = e.get("port");
  const port = p === undefined ? 514 : r.number(p, "port", 1, 65535);
  const pr = e.get("protocol");
  const protocol = pr === undefined ? "udp" : r.choice(pr, "protocol", ["udp", "tcp"] as const);
  const f = e.get("facility");
  const facilityName =
    f === undefined ? "local0" : r.choice(f, "facility", Object.keys(FACILITIES));
  const a = e.get("app_name");
  const appName = a === undefined ? "logmon" : r.string(a, "app_name");
  if (appName !== undefined && !/^[\x21-\x7e]{1,48}$/.test(appName))
    return r.fail(a ?? node, "app_name must be 1 to 48 printable characters without spaces");
  const t = e.get("timeout");
  const timeoutS = t === undefined ? 5 : r.duration(t, "timeout", 1, 600);
  const tr = e.get("tries");
  const tries = tr === undefined ? 3 : r.number(tr, "tries", 1, 20);
  if (
    host === undefined ||
    port === undefined ||
    protocol === undefined ||
    facilityName === undefined ||
    appName === undefined ||
    timeoutS === undefined ||
    tries === undefined
  )
    return undefined;
  const facility = FACILITIES[facilityName] ?? 16;
  return { kind: "syslog", name, host, port, protocol, facility, appName, timeoutS, tries };
}

/** The `notify:` mapping of channel names to channels. */
export function readChannels(r: ConfigReader, node: ConfigNode): ChannelSpec[] {
  if (!yaml().isMap(node))
    return r.fail(node, "notify must be a mapping of channel names to channels") ?? [];
  const out: ChannelSpec[] = [];
  for (const pair of node.items) {
    const name = yaml().isScalar(pair.key) ? String(pair.key.value) : "";
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) {
      r.fail(pair.key as Node, `channel name "${name}": letters, digits, _ . - only`);
      continue;
    }
    const spec = channel(r, name, pair.value as Node);
    if (spec !== undefined) out.push(spec);
  }
  return out;
}
