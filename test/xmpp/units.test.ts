import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readState, writeSubscription } from "../../src/notify/state.js";
import { checkConfig } from "../../src/cli/config.js";
import { CommandLimit, Strangers, STRANGER_EVERY_MS } from "../../src/xmpp/limits.js";
import { MAX_BYTES, TailOutbox } from "../../src/xmpp/outbox.js";
import { chatText } from "../../src/xmpp/text.js";

describe("chat text", () => {
  it("removes escape sequences, controls, bidi overrides and what XML forbids", () => {
    expect(chatText("\u001b[31mred\u001b[0m \u001b]0;title\u0007ok")).toBe("red ok");
    expect(chatText("a\u0000b\u0007c\u0085d\u202eE\ufffe\tf")).toBe("abcdE f");
    expect(chatText("lone \ud800 surrogate 😀")).toBe("lone  surrogate 😀");
    expect(chatText("GET /<img src=x onerror=alert(1)>")).toBe("GET /<img src=x onerror=alert(1)>");
  });
});

describe("tail outbox", () => {
  it("sends at most one message a second, of at most 20 lines, saying how many were skipped", () => {
    const o = new TailOutbox();
    for (let i = 0; i < 25; i++) o.add(`line ${i}`);
    const first = o.take(10_000) as string;
    expect(first.split("\n")).toEqual([
      "… 5 lines skipped",
      ...Array.from({ length: 20 }, (_, i) => `line ${i + 5}`),
    ]);
    o.add("next");
    expect(o.take(10_500)).toBe(null);
    expect(o.take(11_000)).toBe("next");
    expect(o.take(12_000)).toBe(null);
  });

  it("keeps a message under 4 KiB, long lines cut", () => {
    const o = new TailOutbox();
    for (let i = 0; i < 10; i++) o.add("x".repeat(3000));
    const body = o.take(0) as string;
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_BYTES);
    expect(body).toMatch(/^… 7 lines skipped\n/);
    expect(body.split("\n")[1]).toMatch(/^x+…$/);
    expect(o.added).toBe(10);
    expect(o.skippedTotal).toBe(7);
  });
});

describe("limits", () => {
  it("lets 5 commands a second through, tells once per 10 s, counts the rest", () => {
    const l = new CommandLimit();
    const got = Array.from({ length: 8 }, (_, i) => l.check("a@x", 1000 + i));
    expect(got).toEqual(["ok", "ok", "ok", "ok", "ok", "tell", "drop", "drop"]);
    expect(l.check("b@x", 1010)).toBe("ok");
    expect(l.check("a@x", 2001)).toBe("ok");
    expect(l.dropped).toBe(3);
  });

  it("answers a stranger once an hour", () => {
    const s = new Strangers();
    expect(s.attempt("m@x", 0)).toBe(true);
    expect(s.attempt("m@x", 1000)).toBe(false);
    expect(s.attempt("m@x", STRANGER_EVERY_MS)).toBe(true);
    expect(s.attempts).toBe(3);
  });
});

describe("xmpp: and logs: in the config", () => {
  it("reads the bot, its users and their logs", () => {
    const { values, problems } = checkConfig(
      "bot.yaml",
      [
        "logs:",
        "  access: /var/log/nginx/access.log",
        "  api: /var/log/nginx/api-*.log",
        "xmpp:",
        "  jid: logmon@example.com",
        "  password_env: LOGMON_XMPP_PASSWORD",
        "  users:",
        "    Alice@Example.com: [access, api]",
        "    bob@example.com: access",
      ].join("\n"),
    );
    expect(problems).toEqual([]);
    expect(values.xmpp?.host).toBe(null);
    expect(values.xmpp?.port).toBe(5222);
    expect([...(values.xmpp?.users ?? [])]).toEqual([
      ["alice@example.com", ["access", "api"]],
      ["bob@example.com", ["access"]],
    ]);
  });

  it("says what is wrong, where", () => {
    const { problems } = checkConfig(
      "bot.yaml",
      [
        "logs:",
        "  access: /var/log/a.log",
        "  bad/name: /x",
        "xmpp:",
        "  jid: nobody",
        "  password_env: hunter2 is my password",
        "  users:",
        "    alice@example.com: [access, secret]",
        "    not-a-jid: [access]",
      ].join("\n"),
    );
    expect(problems).toEqual([
      'bot.yaml:3:3: log name "bad/name": 1 to 40 letters, digits, _ . - only',
      "bot.yaml:5:8: jid must be like bot@example.com",
      "bot.yaml:6:17: password_env must name an environment variable, not hold a password",
      "bot.yaml:8:24: alice@example.com: no log named secret under logs:",
      'bot.yaml:9:5: user "not-a-jid" must be a bare JID like alice@example.com',
    ]);
    expect(checkConfig("c.yaml", "logs:\n  a: /x\n").problems).toEqual([
      "c.yaml:2:3: logs: names what the chat bot serves: it needs xmpp:",
    ]);
  });
});

describe("subscriptions in the state file", () => {
  it("are read back as the last word of each JID, beside the alerts", () => {
    const path = join(mkdtempSync(join(tmpdir(), "logmon-subs-")), "state.jsonl");
    writeFileSync(path, "");
    writeSubscription(path, "alice@x", true);
    writeSubscription(path, "bob@x", true);
    writeSubscription(path, "alice@x", false);
    const said: string[] = [];
    const state = readState(path, 0, (l) => said.push(l));
    expect([...state.subscribers]).toEqual(["bob@x"]);
    expect(state.history).toEqual([]);
    expect(said).toEqual([]);
  });
});
