import dgram from "node:dgram";
import { isIP, Socket } from "node:net";
import { hostname } from "node:os";
import type { AlertLine } from "../core/event.js";
import { BACKOFF_MS } from "./webhook.js";
import { serial, textOf, type Attempt, type Channel } from "./channel.js";

/** Syslog facilities by name (RFC 5424 table 1), as `facility:` takes them. */
export const FACILITIES: Record<string, number> = {
  kern: 0,
  user: 1,
  mail: 2,
  daemon: 3,
  auth: 4,
  syslog: 5,
  lpr: 6,
  news: 7,
  uucp: 8,
  cron: 9,
  authpriv: 10,
  ftp: 11,
  local0: 16,
  local1: 17,
  local2: 18,
  local3: 19,
  local4: 20,
  local5: 21,
  local6: 22,
  local7: 23,
};

/** Severities: an alert is a warning, a recovery a notice. */
const WARNING = 4;
const NOTICE = 5;

/** The structured data ID of logmon's parameters (32473 is the documentation enterprise number, RFC 5612). */
const SD_ID = "logmon@32473";

/** A syslog channel as configured. */
export interface SyslogSpec {
  name: string;
  host: string;
  port: number;
  protocol: "udp" | "tcp";
  facility: number;
  appName: string;
  timeoutS: number;
  tries: number;
}

/** An SD-PARAM value with `"`, `\` and `]` escaped (RFC 5424 6.3.3). */
function sdValue(text: string): string {
  return text.replace(/["\\\]]/g, (c) => `\\${c}`);
}

/**
 * An event as one RFC 5424 message: PRI from the facility and the event's severity, the alert's
 * time, this host, MSGID ALERT or RECOVER, the rule, key, value and id as structured data, and
 * the human message (control characters escaped). No BOM: rsyslog and others write it into
 * their files as it is, in front of every line.
 */
function syslogMessage(e: AlertLine, facility: number, appName: string, host: string): Buffer {
  const pri = facility * 8 + (e.type === "alert" ? WARNING : NOTICE);
  const params = [
    `rule="${sdValue(e.rule)}"`,
    ...(e.key === null ? [] : [`key="${sdValue(e.key)}"`]),
    `value="${e.value}"`,
    `threshold="${e.threshold}"`,
    `id="${sdValue(e.id)}"`,
  ];
  const header = `<${pri}>1 ${e.time} ${host} ${appName} ${process.pid} ${e.type.toUpperCase()} [${SD_ID} ${params.join(" ")}] `;
  return Buffer.from(header + textOf(e));
}

/**
 * `syslog`: sends alerts and recoveries as RFC 5424 messages to the site's syslog server, over
 * UDP (one datagram) or TCP (octet-counted, RFC 6587, a connection per delivery, retried with
 * backoff up to `tries` times). A UDP send is ok once the datagram left: UDP says no more.
 */
export function syslogChannel(spec: SyslogSpec, report: (a: Attempt) => void): Channel {
  const queue = serial();
  const host = hostname().replace(/[^\x21-\x7e]/g, "") || "-";
  const deliver = async (e: AlertLine): Promise<void> => {
    const message = syslogMessage(e, spec.facility, spec.appName, host);
    const tries = spec.protocol === "udp" ? 1 : spec.tries;
    for (let attempt = 1; attempt <= tries; attempt++) {
      const error = await (spec.protocol === "udp"
        ? sendUdp(spec, message)
        : sendTcp(spec, message));
      report({
        channel: spec.name,
        id: e.id,
        ok: error === null,
        attempt,
        ...(error === null ? {} : { error }),
      });
      if (error === null) return;
      if (attempt < tries) await new Promise((r) => setTimeout(r, BACKOFF_MS * 2 ** (attempt - 1)));
    }
  };
  return {
    name: spec.name,
    send: (e) => queue.push(() => deliver(e)),
    settle: () => queue.settle(),
  };
}

/** One datagram; null, or why it could not leave. */
function sendUdp(spec: SyslogSpec, message: Buffer): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket(isIP(spec.host) === 6 ? "udp6" : "udp4");
    socket.on("error", (err) => {
      socket.close();
      resolve(err.message);
    });
    socket.send(message, spec.port, spec.host, (err) => {
      socket.close();
      resolve(err === null || err === undefined ? null : err.message);
    });
  });
}

/** One octet-counted frame on a new connection, closed after; null, or why it failed. */
function sendTcp(spec: SyslogSpec, message: Buffer): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const fail = (why: string) => {
      socket.destroy();
      resolve(why);
    };
    socket.setTimeout(spec.timeoutS * 1000, () => fail(`no connection in ${spec.timeoutS}s`));
    socket.on("error", (err: NodeJS.ErrnoException) => fail(err.code ?? err.message));
    socket.connect(spec.port, spec.host, () => {
      socket.end(Buffer.concat([Buffer.from(`${message.length} `), message]), () => {
        socket.destroy();
        resolve(null);
      });
    });
  });
}
