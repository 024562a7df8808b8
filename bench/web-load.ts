// Cold load of the web app (/) signed in, with 5,000 conversations in its cache: how long until the first
// frame with conversation rows is painted, unthrottled and with CDP's "Fast 3G + 4× CPU", and how much
// JavaScript that first screen needed (gzipped). Targets: ≤ 200 ms, ≤ 1 s, ≤ 200 KB.
//   npx tsx bench/web-load.ts            (BENCH_CONVERSATIONS=5000 BENCH_RUNS=7)
// "Cold": every page of the app closed first, so the SharedWorker (sync engine + Dexie) starts again; the
// shell comes from the service worker's cache, as for an installed app. Floor: the same server's manifest
// (a static file) loaded the same way.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import type { BrowserContext, CDPSession, Page } from "playwright-core";
import { hasChromium, ROOT } from "../tests/support/browser";
import { startServer, waitFor } from "../tests/support/server";
import { ensureWebBuilt, launchWebApp, signInOnWeb } from "../tests/support/web-app";

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 5000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
// Chrome DevTools' "Fast 3G" preset (network) and a 4× slower CPU.
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9, uploadThroughput: ((750 * 1000) / 8) * 0.9 };

const PAINT_PROBE = `(() => {
  const probe = () => {
    if (!document.querySelector("[data-testid=conversation-row]")) return requestAnimationFrame(probe);
    // rAF runs before the frame is painted; a task queued from it runs after that paint.
    requestAnimationFrame(() => setTimeout(() => (window.__rowsPainted = performance.now())));
    if (!window.__steps) {
      const nav = performance.getEntriesByType("navigation")[0];
      const js = performance.getEntriesByType("resource").filter((e) => e.name.endsWith(".js"));
      const modules = performance.getEntriesByName("sidetext:modules-evaluated")[0]?.startTime;
      window.__steps = { responseEnd: nav?.responseEnd, domInteractive: nav?.domInteractive, scriptsEnd: Math.max(0, ...js.map((e) => e.responseEnd)), modules, rows: performance.now() };
    }
  };
  requestAnimationFrame(probe);
})();`;

/** Where the first screen's time went (ms since navigation start), read by PAINT_PROBE. */
interface Steps {
  scriptsEnd: number;
  modules?: number;
  rows: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(0)} ms`;
const gzipSize = (file: string) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

async function seed(server: Awaited<ReturnType<typeof startServer>>) {
  const token = await server.login("alice@demo.test");
  const inboxId = (await server.call("GET", "/v1/me", { token })).body.inboxes.find((i: { name: string }) => i.name === "Main line").id;
  for (let i = 0; i < CONVERSATIONS; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, CONVERSATIONS - i) }, (_, k) =>
        server.call("POST", "/v1/simulator/inbound", {
          token,
          json: { inboxId, from: `+1212${String(5550000 + i + k).padStart(7, "0")}`, body: `Message number ${i + k} about order #${1000 + i + k}` },
        }),
      ),
    );
  }
}

async function throttle(page: Page, on: boolean): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  if (on) {
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", FAST_3G);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  }
  return cdp;
}

/** Closes every page, waits for the SharedWorker to go, opens `url` in a new page, returns when rows painted. */
async function coldLoad(context: BrowserContext, url: string, throttled: boolean, until: "rows" | "load") {
  for (const p of context.pages()) await p.close();
  await new Promise((r) => setTimeout(r, 500));
  const page = await context.newPage();
  await throttle(page, throttled);
  await page.goto(url, { waitUntil: until === "load" ? "load" : "commit" });
  const at =
    until === "rows"
      ? await page
          .waitForFunction(() => (window as unknown as { __rowsPainted?: number }).__rowsPainted, undefined, { timeout: 60_000 })
          .then((h) => h.jsonValue())
      : await page.evaluate(() => performance.now());
  const steps = until === "rows" ? await page.evaluate(() => (window as unknown as { __steps: Steps }).__steps) : undefined;
  if (process.env.BENCH_DEBUG && steps) console.error(throttled ? "throttled" : "plain", JSON.stringify(steps));
  const scripts = await page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .filter((e) => e.name.endsWith(".js"))
      .map((e) => new URL(e.name).pathname),
  );
  return { at: at as number, scripts, steps };
}

async function main() {
  if (!hasChromium()) return console.log("(no Chromium: web load not measured)");
  ensureWebBuilt();
  const server = await startServer();
  const seedStart = Date.now();
  await seed(server);
  console.log(`seeded ${CONVERSATIONS} conversations in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);
  const web = await launchWebApp({ viewport: { width: 1200, height: 800 } });
  try {
    await signInOnWeb(web.page, server.url);
    await web.page.getByTestId("view-all").click();
    await waitFor(
      "the cache to hold every conversation",
      // The bootstrap brings the 5,000 newest conversations (the demo's own among them).
      async () => Number(await web.page.getByTestId("view-all").getByTestId("count").innerText()) >= CONVERSATIONS * 0.99,
      180_000,
      250,
    );
    await web.page.evaluate(() => navigator.serviceWorker.ready);
    await web.context.addInitScript(PAINT_PROBE);

    const results: Record<string, number[]> = {
      unthrottled: [],
      throttled: [],
      floorUnthrottled: [],
      floorThrottled: [],
      scripts: [],
      modules: [],
      render: [],
    };
    let scripts: string[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const plain = await coldLoad(web.context, `${server.url}/`, false, "rows");
      const slow = await coldLoad(web.context, `${server.url}/`, true, "rows");
      const floor = await coldLoad(web.context, `${server.url}/manifest.webmanifest`, false, "load");
      const floorSlow = await coldLoad(web.context, `${server.url}/manifest.webmanifest`, true, "load");
      if (i === 0) continue; // the first run warms the service worker's and the browser's caches
      results.unthrottled.push(plain.at);
      results.throttled.push(slow.at);
      results.floorUnthrottled.push(floor.at);
      results.floorThrottled.push(floorSlow.at);
      if (plain.steps?.modules) {
        results.scripts.push(plain.steps.scriptsEnd);
        results.modules.push(plain.steps.modules - plain.steps.scriptsEnd);
        results.render.push(plain.steps.rows - plain.steps.modules);
      }
      scripts = plain.scripts;
    }
    const dist = path.join(ROOT, "web/dist");
    const workerChunk = fs
      .readFileSync(path.join(dist, scripts.map((s) => s.slice(1)).find((s) => s.startsWith("assets/index-"))!), "utf8")
      .match(/new SharedWorker\(new URL\(`\/(assets\/[^`]+)`/)?.[1];
    const pageJs = scripts.reduce((sum, s) => sum + gzipSize(path.join(dist, s)), 0);
    const workerJs = workerChunk ? gzipSize(path.join(dist, workerChunk)) : 0;
    console.log(`\nweb app cold load, ${CONVERSATIONS} conversations cached, "All" view, median of ${RUNS}:`);
    console.log(
      `  first screen with rows, unthrottled:        ${ms(median(results.unthrottled))}  (floor: a static file ${ms(median(results.floorUnthrottled))})  target ≤ 200 ms`,
    );
    if (results.modules.length)
      console.log(
        `    of which (unthrottled medians): page script in ${ms(median(results.scripts))}, then modules evaluated ${ms(median(results.modules))}, then first render to rows ${ms(median(results.render))}`,
      );
    console.log(`  first screen with rows, Fast 3G + 4× CPU:   ${ms(median(results.throttled))}  (floor: ${ms(median(results.floorThrottled))})  target ≤ 1 s`);
    console.log(
      `  first-screen JS (gzip): page ${(pageJs / 1024).toFixed(1)} KB [${scripts.join(", ")}] + hosted worker ${(workerJs / 1024).toFixed(1)} KB = ${((pageJs + workerJs) / 1024).toFixed(1)} KB  target ≤ 200 KB`,
    );
    console.log(
      `  all runs (ms): unthrottled ${results.unthrottled.map((x) => x.toFixed(0)).join(" ")} · throttled ${results.throttled.map((x) => x.toFixed(0)).join(" ")}`,
    );
  } finally {
    await web.close();
    await server.close();
  }
}

await main();
