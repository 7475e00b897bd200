import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freePort } from "../input/syslog-run.js";
import { BIN, ROOT } from "../cli/run.js";
import { POLL, tmuxServer } from "../cli/tmux.js";

const tmux = tmuxServer("xmpp");

describe("the chat bot's state on the dashboard (tmux)", () => {
  it("shows an unreachable server in the header while the dashboard goes on, and nothing behind it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logmon-xmpp-screen-"));
    const file = (name: string) => join(dir, name);
    writeFileSync(file("access.log"), "");
    // Nothing listens on this port: the server is unreachable.
    const port = await freePort();
    writeFileSync(
      file("bot.yaml"),
      [
        `logs: { access: ${file("access.log")} }`,
        "xmpp:",
        "  jid: bot@localhost",
        "  password_env: LOGMON_XMPP_PASSWORD",
        "  host: 127.0.0.1",
        `  port: ${port}`,
        "  users: { alice@localhost: [access] }",
        "",
      ].join("\n"),
    );
    const session = "unreachable";
    const run = [
      `cd '${ROOT}'`,
      `TZ=UTC LANG=C.UTF-8 TERM=xterm-256color LOGMON_XMPP_PASSWORD=pw '${process.execPath}' '${BIN}' --config '${file("bot.yaml")}' 2> '${file("stderr")}'`,
      `echo $? > '${file("status")}.tmp'; mv '${file("status")}.tmp' '${file("status")}'`,
      "sleep 60",
    ].join("; ");
    tmux("new-session", "-d", "-s", session, "-x", "150", "-y", "30", "sleep 0.5; " + run);
    const screen = () => tmux("capture-pane", "-p", "-t", session);
    await expect.poll(screen, POLL).toMatch(/^logmon · ok .* · xmpp: connection refused · /);
    tmux("send-keys", "-t", session, "q");
    await expect.poll(() => existsSync(file("status")), POLL).toBe(true);
    expect(readFileSync(file("status"), "utf8").trim()).toBe("0");
    expect(readFileSync(file("stderr"), "utf8")).toBe("");
    tmux("kill-session", "-t", session);
  });
});
