// Full page loads with no DevTools client attached while the page loads (bench/panel-switch.ts).
// Playwright attaches to every new target and to each out-of-process iframe with "wait for the debugger on
// start": the panel frame's navigation is held until Playwright has set the frame up (a Chromium trace showed
// NavigationThrottleRunner held ~80 ms, resumed by devtools_pipe_handler), a cost a rep's browser never pays.
// Here Chromium is started on the bench's profile (signed in, threads cached) with a plain DevTools port; the
// panel frame is attached to only once the load is over, to read its marks (User Timing entries stay in the
// page; their times are timeOrigin + startTime, epoch ms).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import WebSocket from "ws";
import { CHROMIUM, EXTENSION_DIR } from "../tests/support/browser";

type Json = Record<string, unknown>;
interface Cdp {
  send(method: string, params?: Json, sessionId?: string): Promise<Json>;
  close(): void;
}

function connect(url: string): Promise<Cdp> {
  const ws = new WebSocket(url);
  let id = 0;
  const waiting = new Map<number, { ok: (r: Json) => void; fail: (e: Error) => void }>();
  ws.on("message", (data) => {
    const msg = JSON.parse(String(data)) as { id?: number; result?: Json; error?: { message: string } };
    const w = msg.id === undefined ? undefined : waiting.get(msg.id);
    if (!w) return;
    waiting.delete(msg.id!);
    if (msg.error) w.fail(new Error(msg.error.message));
    else w.ok(msg.result ?? {});
  });
  return new Promise((resolve, reject) => {
    ws.once("error", reject);
    ws.once("open", () =>
      resolve({
        send: (method, params = {}, sessionId) =>
          new Promise((ok, fail) => {
            waiting.set(++id, { ok, fail });
            ws.send(JSON.stringify({ id, method, params, sessionId }));
          }),
        close: () => ws.close(),
      }),
    );
  });
}

async function evaluate(cdp: Cdp, targetId: string, expression: string): Promise<unknown> {
  const { sessionId } = (await cdp.send("Target.attachToTarget", { targetId, flatten: true })) as { sessionId: string };
  const res = (await cdp.send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true }, sessionId)) as { result: { value: unknown } };
  await cdp.send("Target.detachFromTarget", { sessionId });
  return res.result.value;
}

const PANEL_MARKS = `(() => Object.fromEntries(["sidetext:thread-painted", "sidetext:record-shown"].map((n) => {
  const m = performance.getEntriesByName(n)[0]; return [n, m ? performance.timeOrigin + m.startTime : null]; })))()`;

/** `urls.length` loads, one new tab each: navigation start → the later of thread painted and record shown. */
export async function unattachedLoads(profile: string, args: string[], urls: string[]): Promise<number[]> {
  fs.rmSync(path.join(profile, "DevToolsActivePort"), { force: true });
  const chromium = spawn(
    CHROMIUM,
    [
      "--headless=new",
      `--user-data-dir=${profile}`,
      "--remote-debugging-port=0",
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--window-size=1280,800",
      ...args,
      "about:blank",
    ],
    { stdio: "ignore" },
  );
  try {
    const portFile = path.join(profile, "DevToolsActivePort");
    for (let i = 0; i < 200 && !fs.existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 50));
    const [port, wsPath] = fs.readFileSync(portFile, "utf8").trim().split("\n");
    const cdp = await connect(`ws://127.0.0.1:${port}${wsPath}`);
    await new Promise((r) => setTimeout(r, 2000)); // the worker starts and reads its session
    // One tab for every load, as bench/panel-switch.ts does (about:blank, then the record): a new tab each time
    // would start a new renderer process each time. A session on the tab itself, with nothing enabled and no
    // auto-attach, holds up neither the page nor the panel frame.
    const { targetId } = (await cdp.send("Target.createTarget", { url: "about:blank" })) as { targetId: string };
    const { sessionId } = (await cdp.send("Target.attachToTarget", { targetId, flatten: true })) as { sessionId: string };
    const loads: number[] = [];
    for (const [i, url] of urls.entries()) {
      await cdp.send("Page.navigate", { url: "about:blank" }, sessionId);
      await new Promise((r) => setTimeout(r, 300));
      await cdp.send("Page.navigate", { url }, sessionId);
      await new Promise((r) => setTimeout(r, 2500)); // no one looks at the panel while it loads
      const { targetInfos } = (await cdp.send("Target.getTargets")) as { targetInfos: Array<{ targetId: string; type: string; url: string }> };
      const panel = targetInfos.find((t) => t.type === "iframe" && t.url.includes("/tabs/panel.html"));
      const t0 = (
        (await cdp.send("Runtime.evaluate", { expression: "performance.timeOrigin", returnByValue: true }, sessionId)) as { result: { value: number } }
      ).result.value;
      const marks = (panel ? await evaluate(cdp, panel.targetId, PANEL_MARKS) : {}) as Record<string, number | null>;
      const painted = marks["sidetext:thread-painted"];
      const shown = marks["sidetext:record-shown"];
      if (!painted || !shown) throw new Error(`load ${i} of ${url}: the panel never painted the thread (${JSON.stringify(marks)})`);
      loads.push(Math.max(painted, shown) - t0);
      if (process.env.BENCH_DEBUG) console.log(`unattached load ${i}: ${(Math.max(painted, shown) - t0).toFixed(0)} ms`);
    }
    cdp.close();
    return loads;
  } finally {
    chromium.kill();
    await new Promise((r) => chromium.once("exit", r));
  }
}
