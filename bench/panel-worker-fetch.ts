// Can the extension's service worker answer the panel frame's own navigation (its HTML, with the cached thread
// already in it), and what does that cost when the worker is running and when it is asleep? Issue 11's full
// load → thread ≤ 150 ms: the idea is that the thread paints as the panel's HTML is parsed, before its bundle,
// the channel and two worker round trips (panel-load-6 in BENCHMARKS.md).
// A tiny extension of its own (written to a temp dir), not Sidetext: a content script at document_start
// creates a web-accessible iframe (use_dynamic_url, as Sidetext's panel) on a page served from 127.0.0.1,
// and the frame's first text carries an Element Timing attribute, so its paint time is read without script.
// Each variant alternates loads with the worker running and stopped (CDP ServiceWorker.stopAllWorkers).
// The floor, in the same run: the panel file with no fetch handler, worker running.
//   npx tsx bench/panel-worker-fetch.ts          (LOADS=16 per variant, half of them asleep)
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, hasChromium } from "../tests/support/browser";

const LOADS = Number(process.env.LOADS ?? 16);

const MANIFEST = {
  manifest_version: 3,
  name: "panel worker fetch probe",
  version: "1",
  background: { service_worker: "sw.js" },
  content_scripts: [{ matches: ["http://127.0.0.1/*"], js: ["cs.js"], run_at: "document_start" }],
  web_accessible_resources: [{ resources: ["panel.html"], matches: ["<all_urls>"], use_dynamic_url: true }],
};
// The content script wakes the worker with a message (as Sidetext's token request does) and creates the frame.
const CONTENT_SCRIPT = `chrome.runtime.sendMessage({ hi: 1 }).catch(() => {});
const f = document.createElement("iframe");
f.src = chrome.runtime.getURL("panel.html");
document.documentElement.append(f);`;
const PANEL = (from: string) => `<!doctype html><meta charset=utf-8><body><p id=x elementtiming=x>${from}</p><script src=panel.js></script>`;
const ANSWER = `chrome.runtime.onMessage.addListener((m, s, reply) => reply({ ok: 1 }));`;
const SERVE = `self.addEventListener("fetch", (e) => {
  if (e.request.mode !== "navigate" || new URL(e.request.url).pathname !== "/panel.html") return;
  e.respondWith(new Response(${JSON.stringify(PANEL("from the worker"))}, { headers: { "content-type": "text/html" } }));
});`;
// ServiceWorker Static Routing: while the worker is not running, and for every request but a navigation, the
// browser reads the extension's file itself instead of starting the worker.
const ROUTES = `self.addEventListener("install", (e) => {
  try {
    e.addRoutes([
      { condition: { runningStatus: "not-running" }, source: "network" },
      { condition: { not: { requestMode: "navigate" } }, source: "network" },
    ]);
  } catch (err) { self.routeError = String(err); }
});`;

// The same, but a running worker's answer races the file: whichever comes first is the frame's HTML (a busy
// worker then costs nothing; the file has no thread in it, and the panel paints it the way it does today).
const RACE = ROUTES.replace(
  '{ not: { requestMode: "navigate" } }, source: "network" },',
  '{ not: { requestMode: "navigate" } }, source: "network" },\n      { condition: { requestMode: "navigate" }, source: "race-network-and-fetch-handler" },',
);

const variants = [
  { name: "the file, no fetch handler (floor)", sw: ANSWER },
  { name: "the file, a fetch handler that answers nothing", sw: `${ANSWER}\nself.addEventListener("fetch", () => {});` },
  { name: "answered by the worker", sw: `${ANSWER}\n${SERVE}` },
  { name: "answered by the worker while it runs (static routes), else the file", sw: `${ANSWER}\n${ROUTES}\n${SERVE}` },
  { name: "the worker's answer raced with the file while it runs, else the file", sw: `${ANSWER}\n${RACE}\n${SERVE}` },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(dir: string, pageUrl: string) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-fetch-probe-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false,
    args: ["--headless=new", `--disable-extensions-except=${dir}`, `--load-extension=${dir}`, "--no-sandbox", "--disable-gpu", "--no-first-run"],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
    await worker.evaluate("1"); // installed and running
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("ServiceWorker.enable");
    const rows = {
      running: [] as Array<{ html: number; painted: number; from: string }>,
      asleep: [] as Array<{ html: number; painted: number; from: string }>,
    };
    for (let i = 0; i < LOADS + 2; i++) {
      const asleep = i % 2 === 1;
      await page.goto("about:blank");
      if (asleep) {
        await cdp.send("ServiceWorker.stopAllWorkers");
        await page.waitForTimeout(300);
      }
      await page.goto(`${pageUrl}?load=${i}`);
      const frame = await (await page.waitForSelector("iframe")).contentFrame();
      await frame!.waitForSelector("#x");
      const t0 = await page.evaluate(() => performance.timeOrigin);
      const at = await frame!.evaluate(
        () =>
          new Promise<{ html: number; painted: number; from: string }>((resolve) => {
            const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
            new PerformanceObserver((list) => {
              const paint = list.getEntries()[0] as PerformanceEntry & { renderTime: number };
              resolve({
                html: performance.timeOrigin + nav.responseEnd,
                painted: performance.timeOrigin + paint.renderTime,
                from: document.getElementById("x")!.textContent!,
              });
            }).observe({ type: "element", buffered: true });
          }),
      );
      if (i < 2) continue; // a browser just started
      rows[asleep ? "asleep" : "running"].push({ html: at.html - t0, painted: at.painted - t0, from: at.from });
    }
    return rows;
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

async function main() {
  if (!hasChromium()) return void console.log("(no Chromium: not measured)");
  const server = http.createServer((_req, res) => {
    res.setHeader("content-type", "text/html");
    res.end("<!doctype html><title>CRM</title><h1>A record</h1>");
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/record`;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-fetch-ext-"));
  try {
    console.log(
      `| panel frame on a page load (${LOADS / 2} loads each, worker running / stopped before the load; load ${os.loadavg()[0].toFixed(1)}) | worker | HTML received | its text painted | answered by |`,
    );
    console.log("| --- | --- | ---: | ---: | --- |");
    for (const [i, v] of variants.entries()) {
      const dir = path.join(root, String(i));
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(MANIFEST));
      fs.writeFileSync(path.join(dir, "cs.js"), CONTENT_SCRIPT);
      fs.writeFileSync(path.join(dir, "panel.html"), PANEL("from the file"));
      fs.writeFileSync(path.join(dir, "panel.js"), "");
      fs.writeFileSync(path.join(dir, "sw.js"), v.sw);
      const rows = await measure(dir, pageUrl);
      for (const state of ["running", "asleep"] as const) {
        const r = rows[state];
        const from = [...new Set(r.map((x) => x.from.replace("from ", "")))].join(", ");
        console.log(`| ${v.name} | ${state} | ${median(r.map((x) => x.html)).toFixed(1)} ms | ${median(r.map((x) => x.painted)).toFixed(1)} ms | ${from} |`);
      }
    }
    console.log(`(ms after the page's navigation start; medians; load ${os.loadavg()[0].toFixed(1)} at the end)`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    server.close();
  }
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
