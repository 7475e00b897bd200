// Loads a page in headless Chromium over the DevTools protocol, waits, and prints the page's DOM
// and title as JSON; writes a screenshot. Run with `node --experimental-websocket` (Node 20
// has a WebSocket client behind that flag; no dependency needed).
//
//   node --experimental-websocket test/serve/browse.mjs URL SCREENSHOT [WAIT_MS]
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [url, screenshot, waitText = "3000"] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), "logmon-chromium-"));
const chromium = spawn(
  "/usr/bin/chromium",
  [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--remote-debugging-port=0",
    `--user-data-dir=${profile}`,
    "--window-size=1280,900",
    "about:blank",
  ],
  { stdio: ["ignore", "ignore", "pipe"] },
);
const endpoint = await new Promise((resolve, reject) => {
  let err = "";
  chromium.stderr.on("data", (d) => {
    err += d.toString();
    const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
    if (m !== null) resolve(m[1]);
  });
  chromium.on("exit", () => reject(new Error(`chromium exited: ${err.slice(-500)}`)));
});
const socket = new WebSocket(endpoint);
await new Promise((resolve) => socket.addEventListener("open", resolve));
let next = 0;
const pending = new Map();
socket.addEventListener("message", (m) => {
  const msg = JSON.parse(m.data);
  if (msg.id !== undefined) pending.get(msg.id)?.(msg);
});
const call = (method, params = {}, sessionId) =>
  new Promise((resolve, reject) => {
    const id = ++next;
    pending.set(id, (msg) =>
      msg.error ? reject(new Error(msg.error.message)) : resolve(msg.result),
    );
    socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
  });
const { targetId } = await call("Target.createTarget", { url });
const { sessionId } = await call("Target.attachToTarget", { targetId, flatten: true });
await new Promise((resolve) => setTimeout(resolve, Number(waitText)));
const evaluate = async (expression) =>
  (await call("Runtime.evaluate", { expression, returnByValue: true }, sessionId)).result.value;
const dom = await evaluate("document.documentElement.outerHTML");
const title = await evaluate("document.title");
const shot = await call("Page.captureScreenshot", { format: "png" }, sessionId);
writeFileSync(screenshot, Buffer.from(shot.data, "base64"));
process.stdout.write(JSON.stringify({ dom, title }));
socket.close();
chromium.kill("SIGKILL");
process.exit(0);
