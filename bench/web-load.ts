// Cold load of the web app (/) signed in, with 5,000 conversations in its cache: how long until the first
// frame with conversation rows is painted, unthrottled and with CDP's "Fast 3G + 4× CPU", and how much
// JavaScript that first screen needed (gzipped). Targets: ≤ 200 ms, ≤ 1 s, ≤ 200 KB.
// "Painted" is when that frame was on screen: the page's first contentful paint (Chrome's paint timing, the frame's
// presentation time), when the rows were in the DOM at that frame's rAF; the floor's too. (Until web-rows-2 the
// headline was a task queued from the frame's rAF. That task waited behind whatever the page had queued meanwhile:
// for the app, chunk responses and the entry's run, for the floor, nothing; and it missed the frame's raster and
// display. Both are still printed.)
//   npx tsx bench/web-load.ts            (BENCH_CONVERSATIONS=5000 BENCH_RUNS=7)
// "Cold": every page of the app closed first, so the SharedWorker (sync engine + Dexie) starts again; the
// shell comes from the service worker's cache, as for an installed app. Floor: the first painted frame of the
// same server's manifest (a static file the service worker serves from the same cache as the app's shell),
// loaded the same way and marked the same way (a task queued from the frame's rAF): navigation, service worker
// and one frame, without any of the app's work. (Before, the floor was performance.now() read after the
// manifest's load event over CDP, which counted Playwright's round trips: 369 ms, above the app's own 258 ms.)
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import type { BrowserContext, CDPSession, Page } from "playwright-core";
import { hasChromium, ROOT } from "../tests/support/browser";
import { startServer, waitFor } from "../tests/support/server";
import { ensureWebBuilt, launchWebApp, signInOnWeb } from "../tests/support/web-app";
import { firstScreenJs } from "../web/scripts/first-screen-js.mjs";

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 5000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
// Chrome DevTools' "Fast 3G" preset (network) and a 4× slower CPU.
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9, uploadThroughput: ((750 * 1000) / 8) * 0.9 };

// Two moments: the first frame with rows (the list saved last time, painted by index.html's inline script before the app's
// bundle runs, or the app's own), and the first frame with the app's own rows (React, live or from its saved page).
const PAINT_PROBE = `(() => {
  // Called from a rAF callback, which runs before that frame is painted: a task queued from it runs after the paint.
  const at = (key) => setTimeout(() => (window[key] ??= performance.now()));
  // The document's first painted frame, whatever it shows: for the floor (a static file from the service worker's
  // cache, as the app's shell) the least any page of this origin can take to show something.
  requestAnimationFrame(() => at("__firstFrame"));
  // The entry and the app's chunk (not the chunks the app loads later, which may land before the rows).
  const scripts = () => performance.getEntriesByType("resource").filter((e) => /\\/assets\\/(index|main)-[^/]*\\.js$/.test(e.name));
  const probe = () => {
    const rows = [...document.querySelectorAll("[data-testid=conversation-row]")];
    if (rows.length && !window.__steps) {
      at("__rowsPainted");
      const nav = performance.getEntriesByType("navigation")[0];
      const modules = performance.getEntriesByName("sidetext:modules-evaluated")[0]?.startTime;
      const mark = (name) => performance.getEntriesByName(name)[0]?.startTime;
      window.__steps = { boot: mark("sidetext:boot"), savedList: mark("sidetext:saved-list"), firstFrame: window.__firstFrame, sizes: [localStorage.getItem("sidetext.web.firstScreen")?.length, localStorage.getItem("sidetext.popup.firstPage")?.length], responseEnd: nav?.responseEnd, domInteractive: nav?.domInteractive, scriptsEnd: Math.max(0, ...scripts().map((e) => e.responseEnd)), modules, rows: performance.now(), saved: rows.some((r) => r.closest("[data-first-screen]")) };
    }
    if (rows.some((r) => !r.closest("[data-first-screen]"))) {
      at("__appRowsPainted");
      window.__appSteps = { modules: performance.getEntriesByName("sidetext:modules-evaluated")[0]?.startTime, rows: performance.now() };
      return;
    }
    requestAnimationFrame(probe);
  };
  requestAnimationFrame(probe);
})();`;
/** The page's saved first screen and first page (web/first-screen.ts, src/ui/common/first-page-cache.ts). */
const SAVED_KEYS = ["sidetext.web.firstScreen", "sidetext.popup.firstPage"];

/** Where the first screen's time went (ms since navigation start), read by PAINT_PROBE. */
interface Steps {
  scriptsEnd: number;
  modules?: number;
  rows: number;
  /** The first rows were the saved screen's (web/paint-saved-screen.ts), not React's. */
  responseEnd?: number;
  domInteractive?: number;
  savedList?: number;
  boot?: number;
  saved: boolean;
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

/**
 * The scripts the hosted worker fetched between `after` and `before` (epoch ms: this page's life up to its
 * rows), from its own resource timing read over CDP; and how old the worker was when the page started.
 */
async function workerScripts(cdp: CDPSession, after: number, before: number): Promise<string[]> {
  const { targetInfos } = (await cdp.send("Target.getTargets")) as { targetInfos: Array<{ targetId: string; type: string; url: string }> };
  const worker = targetInfos.find((t) => t.type === "shared_worker" || (t.type === "worker" && t.url.includes("/assets/")));
  if (!worker) return [];
  const { sessionId } = (await cdp.send("Target.attachToTarget", { targetId: worker.targetId, flatten: false })) as { sessionId: string };
  const answer = new Promise<string[]>((resolve) => {
    const onMessage = (e: { sessionId: string; message: string }) => {
      const reply = JSON.parse(e.message) as { id: number; result?: { result: { value: string[] } } };
      if (e.sessionId !== sessionId || reply.id !== 1) return;
      cdp.off("Target.receivedMessageFromTarget", onMessage);
      resolve(reply.result?.result.value ?? []);
    };
    cdp.on("Target.receivedMessageFromTarget", onMessage);
  });
  const fetched = `performance.getEntriesByType("resource").filter((e) => e.name.endsWith(".js") && performance.timeOrigin + e.startTime >= ${after} && performance.timeOrigin + e.startTime <= ${before}).map((e) => new URL(e.name).pathname)`;
  // The worker's own script counts when this page started it (a worker left from the last page would be no cold load).
  const expression = `[...(performance.timeOrigin >= ${after} - 50 ? [new URL(location.href).pathname] : ["(a worker older than the page)"]), ...${fetched}]`;
  await cdp.send("Target.sendMessageToTarget", {
    sessionId,
    message: JSON.stringify({ id: 1, method: "Runtime.evaluate", params: { expression, returnByValue: true } }),
  });
  const scripts = await answer;
  await cdp.send("Target.detachFromTarget", { sessionId });
  return scripts;
}

/**
 * Closes every page, waits for the SharedWorker to go, opens `url` in a new page, returns when rows painted.
 * `forget`: nothing saved in the page (a first visit on this device, the cache already filled), so the rows
 * wait for the hosted worker; then it waits until the page has saved its first screen again for the next run.
 */
async function coldLoad(context: BrowserContext, url: string, throttled: boolean, until: "rows" | "frame", forget = false) {
  for (const p of context.pages()) await p.close();
  await new Promise((r) => setTimeout(r, 500));
  const page = await context.newPage();
  if (forget)
    await page.addInitScript((keys) => {
      for (const k of keys) localStorage.removeItem(k);
    }, SAVED_KEYS);
  const cdp = await throttle(page, throttled);
  await page.goto(url, { waitUntil: "commit" });
  const wait = (name: string) =>
    page.waitForFunction((key) => (window as unknown as Record<string, number>)[key], name, { timeout: 60_000 }).then((h) => h.jsonValue() as Promise<number>);
  const at = await wait(until === "rows" ? "__rowsPainted" : "__firstFrame");
  if (until === "frame" && (await page.evaluate(() => document.getElementById("root") !== null))) throw new Error(`${url} opened the app: no floor`);
  const appAt = until === "rows" ? await wait("__appRowsPainted") : at;
  const steps = until === "rows" ? await page.evaluate(() => (window as unknown as { __steps: Steps }).__steps) : undefined;
  if (process.env.BENCH_DEBUG && steps) {
    const app = await page.evaluate(() => (window as unknown as { __appSteps?: unknown }).__appSteps);
    console.error(throttled ? "throttled" : "plain", forget ? "forget" : "", at.toFixed(0), appAt.toFixed(0), JSON.stringify(steps), JSON.stringify(app));
  }
  // The page's scripts requested before its app's rows reached the DOM (as for the worker below).
  const scripts = await page.evaluate(() => {
    const rows = (window as unknown as { __appSteps?: { rows: number } }).__appSteps?.rows ?? performance.now();
    return performance
      .getEntriesByType("resource")
      .filter((e) => e.name.endsWith(".js") && e.startTime <= rows)
      .map((e) => new URL(e.name).pathname);
  });
  // What the worker had fetched when the app's rows reached the DOM: the JS that first screen waited for (the rows'
  // own effects, e.g. the SLA chips' "sla.waits" command, start more loads in the same frame, after it).
  const [pageStart, appRowsInDom] = await page.evaluate(() => [
    performance.timeOrigin,
    performance.timeOrigin + ((window as unknown as { __appSteps?: { rows: number } }).__appSteps?.rows ?? 0),
  ]);
  const worker = until === "rows" ? await workerScripts(cdp, pageStart, appRowsInDom) : [];
  // BENCH_OLD_APP=1 measures a build from before web/boot.ts (it saves only the first page), for comparison.
  if (forget) await page.waitForFunction((key) => localStorage.getItem(key), SAVED_KEYS[process.env.BENCH_OLD_APP ? 1 : 0], { timeout: 30_000 });
  // The page's first contentful paint (when that frame was on screen): the rows' frame when the rows were in the
  // DOM at that frame's rAF (for the floor, its text's frame).
  const fcp = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN);
  const rowsFcp = steps && fcp >= steps.rows ? fcp : Number.NaN;
  // When that paint came before the rows, they were on screen in a later frame: the probe's time at least.
  const shown = Number.isNaN(rowsFcp) ? Math.max(at, fcp || 0) : rowsFcp;
  return { at, appAt, scripts, worker, steps, fcp, rowsFcp, shown };
}

/** Both kinds of "painted" for each load: the probe's task after the rows' frame, and the page's first contentful paint. */
type Results = Record<string, number[]>;
const emptyResults = (): Results =>
  Object.fromEntries(
    [
      "unthrottled",
      "unthrottledFcp",
      "unthrottledShown",
      "throttledShown",
      "unthrottledApp",
      "throttled",
      "throttledFcp",
      "throttledApp",
      "nothingSaved",
      "nothingSavedThrottled",
      "floorUnthrottled",
      "floorUnthrottledFcp",
      "floorThrottled",
      "floorThrottledFcp",
      "scripts",
      "modules",
      "render",
      "htmlIn",
      "htmlParsed",
      "savedInDom",
      "entryRan",
    ].map((k) => [k, []]),
  );

interface Target {
  label: string;
  url: string;
  dist: string;
  results: Results;
  savedScreens: number;
  firstVisit: { scripts: string[]; worker: string[] };
}

/** One round of the six loads on `t`; `keep` false for the warm-up round. */
async function round(context: BrowserContext, t: Target, keep: boolean) {
  const plain = await coldLoad(context, `${t.url}/`, false, "rows");
  const slow = await coldLoad(context, `${t.url}/`, true, "rows");
  const fresh = await coldLoad(context, `${t.url}/`, false, "rows", true);
  const freshSlow = await coldLoad(context, `${t.url}/`, true, "rows", true);
  const floor = await coldLoad(context, `${t.url}/manifest.webmanifest`, false, "frame");
  const floorSlow = await coldLoad(context, `${t.url}/manifest.webmanifest`, true, "frame");
  if (!keep) return; // the first run warms the service worker's and the browser's caches
  const r = t.results;
  const push = (key: string, value: number | undefined) => value !== undefined && !Number.isNaN(value) && r[key].push(value);
  push("unthrottled", plain.at);
  push("unthrottledFcp", plain.rowsFcp);
  push("unthrottledShown", plain.shown);
  push("throttledShown", slow.shown);
  push("unthrottledApp", plain.appAt);
  push("throttled", slow.at);
  push("throttledFcp", slow.rowsFcp);
  push("throttledApp", slow.appAt);
  push("nothingSaved", fresh.appAt);
  push("nothingSavedThrottled", freshSlow.appAt);
  push("floorUnthrottled", floor.at);
  push("floorUnthrottledFcp", floor.fcp);
  push("floorThrottled", floorSlow.at);
  push("floorThrottledFcp", floorSlow.fcp);
  if (plain.steps?.saved) t.savedScreens++;
  push("htmlIn", plain.steps?.responseEnd);
  push("htmlParsed", plain.steps?.domInteractive || undefined); // 0: the rows came before the parser finished
  push("savedInDom", plain.steps?.savedList);
  push("entryRan", plain.steps?.boot);
  if (fresh.steps?.modules) {
    push("scripts", fresh.steps.scriptsEnd);
    push("modules", fresh.steps.modules - fresh.steps.scriptsEnd);
    push("render", fresh.steps.rows - fresh.steps.modules);
  }
  t.firstVisit = { scripts: fresh.scripts, worker: fresh.worker };
}

function report({ label, dist, results, savedScreens, firstVisit }: Target) {
  // Not a file: "(a worker older than the page)" (workerScripts).
  const kb = (files: string[]) => files.filter((s) => fs.existsSync(path.join(dist, s))).reduce((sum, s) => sum + gzipSize(path.join(dist, s)), 0) / 1024;
  const html = fs.readFileSync(path.join(dist, "index.html"), "utf8");
  const boot = /<script type="module"[^>]* src="\/([^"]+)"/.exec(html)?.[1];
  const inlineJs =
    [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].reduce((sum, m) => sum + zlib.gzipSync(m[1], { level: 9 }).length, 0) / 1024;
  const unique = (xs: string[]) => [...new Set(xs.map((x) => x.slice(1)))];
  const pageFiles = unique(firstVisit.scripts);
  const workerFiles = unique(firstVisit.worker);
  const at = (key: string) => (results[key].length ? ms(median(results[key])) : "–");
  const line = (text: string, key: string, floor: string, target: string) =>
    console.log(`  ${text.padEnd(64)}${at(key).padStart(8)}  (floor: a static file ${at(floor)})  target ${target}`);
  console.log(`\n${label}web app cold load, ${CONVERSATIONS} conversations cached, "All" view, median of ${RUNS}:`);
  line("first screen with rows on screen (saved list), unthrottled:", "unthrottledShown", "floorUnthrottledFcp", "≤ 200 ms");
  console.log(
    `    (the first contentful paint; its frame held the rows in ${results.unthrottledFcp.length} of ${RUNS} runs, the others count the probe's time)`,
  );
  line("  probe: a task queued from the rows' frame's rAF:", "unthrottled", "floorUnthrottled", "");
  line("  the app's own rows, unthrottled:", "unthrottledApp", "floorUnthrottled", "");
  line("first screen with rows on screen (saved list), Fast 3G + 4× CPU:", "throttledShown", "floorThrottledFcp", "≤ 1 s");
  console.log(`    (its frame held the rows in ${results.throttledFcp.length} of ${RUNS} runs)`);
  line("  probe: a task queued from the rows' frame's rAF:", "throttled", "floorThrottled", "");
  line("  the app's own rows, Fast 3G + 4× CPU:", "throttledApp", "floorThrottled", "");
  line("nothing saved on this device, unthrottled:", "nothingSaved", "floorUnthrottled", "");
  line("nothing saved on this device, Fast 3G + 4× CPU:", "nothingSavedThrottled", "floorThrottled", "");
  console.log(`  runs whose first rows were the saved list: ${savedScreens} of ${RUNS}`);
  if (results.modules.length)
    console.log(
      `    nothing saved, of which (unthrottled medians): page script in ${at("scripts")}, then modules evaluated ${at("modules")}, then first render to rows ${at("render")}`,
    );
  console.log(
    `  the saved list's path (unthrottled medians since navigation): HTML in ${at("htmlIn")}, parsed ${at("htmlParsed")}, saved rows in the DOM ${at("savedInDom")}, entry script ran ${at("entryRan")}, rows on screen ${at("unthrottledShown")}`,
  );
  console.log(
    inlineJs
      ? `  JS run before the saved list is painted (gzip): ${inlineJs.toFixed(1)} KiB [index.html's inline script]; the entry after it ${boot ? kb([boot]).toFixed(1) : "?"} KiB`
      : `  JS run before the saved list is painted (gzip): ${boot ? kb([boot]).toFixed(1) : "?"} KiB [${boot}]`,
  );
  console.log(
    `  JS for the first screen with nothing saved (gzip): page ${kb(pageFiles).toFixed(1)} KiB [${pageFiles.join(", ")}] + hosted worker ${kb(workerFiles).toFixed(1)} KiB [${workerFiles.join(", ")}] = ${(kb(pageFiles) + kb(workerFiles)).toFixed(1)} KiB  target ≤ 200 KB`,
  );
  const built = firstScreenJs(dist) as { total: number };
  console.log(
    `  JS for the first screen by the build's static imports (web/scripts/first-screen-js.mjs): ${(built.total / 1000).toFixed(1)} kB = ${(built.total / 1024).toFixed(1)} KiB  target ≤ 200 KB`,
  );
  const runs = (key: string) => results[key].map((x) => x.toFixed(0)).join(" ");
  console.log(
    `  all runs (ms): on screen ${runs("unthrottledShown")} / ${runs("throttledShown")} (floor ${runs("floorUnthrottledFcp")} / ${runs("floorThrottledFcp")}) · probe ${runs("unthrottled")} / ${runs("throttled")} (floor ${runs("floorUnthrottled")} / ${runs("floorThrottled")}) · nothing saved ${runs("nothingSaved")} / ${runs("nothingSavedThrottled")}`,
  );
}

/** Signs in on `url`, opens "All" and waits until the hosted worker's cache holds every conversation. */
async function fillCache(page: Page, url: string) {
  await signInOnWeb(page, url);
  await page.getByTestId("view-all").click();
  await waitFor(
    "the cache to hold every conversation",
    // The bootstrap brings the 5,000 newest conversations (the demo's own among them).
    async () => Number(await page.getByTestId("view-all").getByTestId("count").innerText()) >= CONVERSATIONS * 0.99,
    180_000,
    250,
  );
  await page.evaluate(() => navigator.serviceWorker.ready);
}

async function main() {
  if (!hasChromium()) return console.log("(no Chromium: web load not measured)");
  ensureWebBuilt();
  // BENCH_COMPARE=<another build's web/dist> (e.g. the tree before a change, built in a git worktree): a second
  // server serves it, and each round loads both, in turns, so a busy machine slows both alike.
  const compare = process.env.BENCH_COMPARE ? path.resolve(process.env.BENCH_COMPARE) : null;
  const servers = await Promise.all([startServer(), ...(compare ? [startServer({ webDir: compare })] : [])]);
  const seedStart = Date.now();
  await Promise.all(servers.map(seed));
  console.log(`seeded ${CONVERSATIONS} conversations in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);
  const dists = [path.join(ROOT, "web/dist"), ...(compare ? [compare] : [])];
  const targets: Target[] = servers.map((server, i) => ({
    label: compare ? `[${i === 0 ? "this tree" : `BENCH_COMPARE ${compare}`}] ` : "",
    url: server.url,
    dist: dists[i],
    results: emptyResults(),
    savedScreens: 0,
    firstVisit: { scripts: [], worker: [] },
  }));
  const web = await launchWebApp({ viewport: { width: 1200, height: 800 } });
  try {
    for (const t of targets) await fillCache(web.page, t.url);
    await web.context.addInitScript(PAINT_PROBE);
    for (let i = 0; i < RUNS + 1; i++) {
      const order = i % 2 ? [...targets].reverse() : targets;
      for (const t of order) await round(web.context, t, i > 0);
    }
    for (const t of targets) report(t);
  } finally {
    await web.close();
    await Promise.all(servers.map((s) => s.close()));
  }
}

await main();
