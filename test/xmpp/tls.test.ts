import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isLoopback } from "../../src/xmpp/spec.js";
import { BIN, ROOT } from "../cli/run.js";
import { haveProgram } from "../notify/system.js";
import { Prosody, until } from "./prosody.js";

const haveProsody =
  haveProgram("/usr/bin/prosody", "prosody") && haveProgram("/usr/bin/openssl", "openssl");

describe("what counts as loopback (where the password may go without TLS)", () => {
  it("is the address connected to: 127.0.0.0/8, ::1, and 127.x mapped into IPv6", () => {
    expect(["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"].map(isLoopback)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(["10.0.0.1", "::ffff:10.0.0.1", "128.0.0.1", "localhost", ""].some(isLoopback)).toBe(
      false,
    );
  });
});

describe.runIf(haveProsody)("the XMPP bot and a Prosody that requires TLS", () => {
  const stops: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const stop of stops) await stop();
  });

  /** The bot's stderr, started against the server with `env`. */
  function bot(dir: string, env: Record<string, string>): { err: () => string } {
    let err = "";
    const proc = spawn(process.execPath, [BIN, "--config", join(dir, "bot.yaml"), "--json"], {
      cwd: ROOT,
      env: { ...process.env, LOGMON_XMPP_PASSWORD: "bot-pw", ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    proc.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    stops.push(() => void proc.kill("SIGKILL"));
    return { err: () => err };
  }

  it("goes online over STARTTLS when it trusts the certificate, and says why not when it does not", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-xmpp-tls-"));
    const server = await Prosody.start(dir, true);
    stops.push(() => server.halt());
    server.register("bot", "bot-pw");
    writeFileSync(join(dir, "access.log"), "");
    writeFileSync(
      join(dir, "bot.yaml"),
      [
        `logs: { access: ${dir}/access.log }`,
        "xmpp:",
        "  jid: bot@localhost",
        "  password_env: LOGMON_XMPP_PASSWORD",
        "  host: 127.0.0.1",
        `  port: ${server.port}`,
        "  users: { alice@localhost: [access] }",
        "",
      ].join("\n"),
    );
    const trusting = bot(dir, { NODE_EXTRA_CA_CERTS: join(dir, "certs", "localhost.crt") });
    await until(() => trusting.err().includes("xmpp: online"), "the bot online");
    expect(trusting.err()).toContain("logmon: xmpp: online as bot@localhost over TLS\n");
    const doubting = bot(dir, {});
    await until(() => doubting.err().includes("trying again"), "a failure");
    expect(doubting.err()).toMatch(
      /^logmon: xmpp: self[- ]signed certificate; trying again in 1 s\n/,
    );
  });
});
