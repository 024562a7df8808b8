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
import { PAGE_STEPS, PANEL_STEPS, type Steps, threadVisible } from "./panel-load-steps";

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

/** Loads of a browser just started, not counted: its worker is still starting and syncing (a load took ~3 s). */
const WARM_UP = 4;

/**
 * `urls.length` loads after WARM_UP more, in one tab: navigation start → the later of thread painted and record
 * shown, and each load's steps (bench/panel-load-steps.ts) as ms after navigation start.
 */
export async function unattachedLoads(profile: string, args: string[], urls: string[]): Promise<{ loads: number[]; steps: Steps[]; warmUp: number }> {
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
    const steps: Steps[] = [];
    for (const [i, url] of [...urls.slice(0, WARM_UP), ...urls].entries()) {
      await cdp.send("Page.navigate", { url: "about:blank" }, sessionId);
      await new Promise((r) => setTimeout(r, 300));
      await cdp.send("Page.navigate", { url }, sessionId);
      await new Promise((r) => setTimeout(r, 2500)); // no one looks at the panel while it loads
      const { targetInfos } = (await cdp.send("Target.getTargets")) as { targetInfos: Array<{ targetId: string; type: string; url: string }> };
      const panel = targetInfos.find((t) => t.type === "iframe" && t.url.includes("/tabs/panel.html"));
      const page = (
        (await cdp.send("Runtime.evaluate", { expression: `({ t0: performance.timeOrigin, steps: ${PAGE_STEPS} })`, returnByValue: true }, sessionId)) as {
          result: { value: { t0: number; steps: Steps } };
        }
      ).result.value;
      const inPanel = (panel ? await evaluate(cdp, panel.targetId, PANEL_STEPS) : {}) as Steps;
      const visible = threadVisible({ ...page.steps, ...inPanel });
      if (!visible) throw new Error(`load ${i} of ${url}: the panel never painted the thread (${JSON.stringify(inPanel)})`);
      if (process.env.BENCH_DEBUG) console.log(`unattached load ${i}${i < WARM_UP ? " (warm-up)" : ""}: ${(visible - page.t0).toFixed(0)} ms`);
      if (i < WARM_UP) continue;
      loads.push(visible - page.t0);
      steps.push(Object.fromEntries(Object.entries({ ...page.steps, ...inPanel }).map(([n, at]) => [n, at === null ? null : at - page.t0])));
    }
    cdp.close();
    return { loads, steps, warmUp: WARM_UP };
  } finally {
    chromium.kill();
    await new Promise((r) => chromium.once("exit", r));
  }
}
