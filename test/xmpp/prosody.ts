import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { client, xml, type Client } from "@xmpp/client";
import { freePort } from "../input/syslog-run.js";

/** Resolves once `test` holds, polling every 50 ms; throws after `ms` (works outside a test too). */
export async function until(
  test: () => boolean | Promise<boolean>,
  what: string,
  ms = 30_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A real Prosody on 127.0.0.1 (a free port), its config and data in `dir`. */
export class Prosody {
  private proc: ChildProcess | null = null;
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  get config(): string {
    return join(this.dir, "prosody.cfg.lua");
  }

  /**
   * Writes the config (with this test's folder and port) and starts the server. With `tls`, a
   * self-signed certificate for localhost is made (`localhost.crt`, trusted by a client through
   * NODE_EXTRA_CA_CERTS) and encryption is required, as on a real server.
   */
  static async start(dir: string, tls = false): Promise<Prosody> {
    const p = new Prosody(dir, await freePort());
    mkdirSync(join(dir, "data"), { recursive: true });
    mkdirSync(join(dir, "certs"), { recursive: true });
    if (tls) {
      execFileSync(
        "openssl",
        [
          ...[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
          ],
          ...["-addext", "subjectAltName=DNS:localhost"],
          ...[
            "-keyout",
            join(dir, "certs", "localhost.key"),
            "-out",
            join(dir, "certs", "localhost.crt"),
          ],
        ],
        { stdio: "ignore" },
      );
    }
    writeFileSync(
      p.config,
      [
        ...(process.getuid?.() === 0 ? ["run_as_root = true"] : []),
        `pidfile = "${dir}/prosody.pid"`,
        `data_path = "${dir}/data"`,
        `certificates = "${dir}/certs"`,
        'interfaces = { "127.0.0.1" }',
        `c2s_ports = { ${p.port} }`,
        "s2s_ports = { }",
        "c2s_direct_tls_ports = { }",
        tls
          ? "c2s_require_encryption = true"
          : "-- On loopback only (a test): no TLS. A real server keeps encryption required.\nc2s_require_encryption = false",
        'authentication = "internal_hashed"',
        `log = { info = "${dir}/prosody.log" }`,
        `modules_enabled = { "roster"; "saslauth"; "disco"; "ping"${tls ? '; "tls"' : ""} }`,
        'modules_disabled = { "s2s" }',
        'VirtualHost "localhost"',
        "",
      ].join("\n"),
    );
    await p.run();
    return p;
  }

  /** Starts the server (again) and waits until its port takes connections. */
  async run(): Promise<void> {
    this.proc = spawn("prosody", ["--config", this.config, "-F"], { stdio: "ignore" });
    const up = () =>
      new Promise<boolean>((resolve) => {
        const s = connect(this.port, "127.0.0.1", () => {
          s.destroy();
          resolve(true);
        });
        s.on("error", () => resolve(false));
      });
    await until(up, "prosody to listen");
  }

  /** Stops the server and waits for it to exit. */
  async halt(): Promise<void> {
    const proc = this.proc;
    this.proc = null;
    if (proc === null || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once("exit", r));
    proc.kill("SIGTERM");
    await exited;
  }

  /** Creates an account (`prosodyctl register`). */
  register(user: string, password: string): void {
    execFileSync("prosodyctl", ["--config", this.config, "register", user, "localhost", password], {
      stdio: "ignore",
    });
  }
}

/** A person in a chat client: logs in with the same library, keeps every message it gets. */
export class Person {
  readonly got: { body: string; atMs: number }[] = [];
  /** The bot's presence as seen: its status text, or its type ("subscribed", "unavailable"). */
  readonly presences: string[] = [];
  private xmpp: Client | null = null;

  constructor(
    private readonly server: Prosody,
    readonly user: string,
    private readonly password: string,
  ) {}

  async login(): Promise<void> {
    const x = client({
      service: `xmpp://127.0.0.1:${this.server.port}`,
      domain: "localhost",
      username: this.user,
      password: this.password,
      resource: "phone",
    });
    x.reconnect.stop();
    x.on("error", () => undefined);
    x.on("stanza", (s) => {
      const body = s.is("message") ? s.getChildText("body") : null;
      if (body !== null) this.got.push({ body, atMs: Date.now() });
      if (s.is("presence") && String(s.attrs.from).startsWith("bot@localhost")) {
        this.presences.push((s.attrs.type as string | undefined) ?? s.getChildText("status") ?? "");
      }
    });
    await x.start();
    await x.send(xml("presence"));
    this.xmpp = x;
  }

  private lastSaidMs = 0;

  /**
   * Sends a chat message to the bot, at most 4 a second as a person types (the bot drops what
   * comes faster than 5 a second); `burst` sends at once.
   */
  async say(text: string, burst = false): Promise<void> {
    const wait = this.lastSaidMs + 250 - Date.now();
    if (!burst && wait > 0) await new Promise((r) => setTimeout(r, wait));
    this.lastSaidMs = Date.now();
    await this.xmpp?.send(
      xml("message", { to: "bot@localhost", type: "chat" }, xml("body", {}, text)),
    );
  }

  /** The first message from index `from` on that passes `test`, waiting for it. */
  async next(test: (body: string) => boolean, from = 0): Promise<string> {
    let found: string | undefined;
    await until(
      () => (found = this.got.slice(from).find((m) => test(m.body))?.body) !== undefined,
      "a message",
    );
    return found as string;
  }

  /** Says `text` and waits for the reply that passes `test`. */
  async ask(text: string, test: (body: string) => boolean = () => true): Promise<string> {
    const from = this.got.length;
    await this.say(text);
    return this.next(test, from);
  }

  /** Lets the bot see this person's presence (approves its request). */
  async approve(): Promise<void> {
    await this.xmpp?.send(xml("presence", { to: "bot@localhost", type: "subscribed" }));
  }

  /** Asks to see the bot's presence (adds it as a contact). */
  async subscribe(): Promise<void> {
    await this.xmpp?.send(xml("presence", { to: "bot@localhost", type: "subscribe" }));
  }

  async logout(): Promise<void> {
    const x = this.xmpp;
    this.xmpp = null;
    x?.removeAllListeners();
    x?.on("error", () => undefined);
    await x?.stop().catch(() => undefined);
  }
}
