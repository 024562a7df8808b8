// Where a cold load's first frame with rows spends its time (bench/web-load.ts measures how long it takes): a
// Chromium trace of cold loads of / with a saved list, summed up per step on the page's main thread.
//   npx tsx bench/web-load-trace.ts          (BENCH_CONVERSATIONS=300 BENCH_RUNS=3; BENCH_TRACE_DIR keeps the traces)
import fs from "node:fs";
import path from "node:path";
import type { BrowserContext } from "playwright-core";
import { hasChromium } from "../tests/support/browser";
import { startServer, waitFor } from "../tests/support/server";
import { ensureWebBuilt, launchWebApp, signInOnWeb } from "../tests/support/web-app";

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 300);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing", "loading", "toplevel", "blink", "fonts", "v8"];

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: { documentLoaderURL?: string; url?: string } };
}

async function trace(context: BrowserContext, url: string): Promise<TraceEvent[]> {
  for (const p of context.pages()) await p.close();
  await new Promise((r) => setTimeout(r, 500));
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  // CDP types trace events as string maps; these carry the fields TraceEvent names.
  cdp.on("Tracing.dataCollected", (e) => events.push(...(e.value as unknown as TraceEvent[])));
  await cdp.send("Tracing.start", { traceConfig: { includedCategories: CATEGORIES }, transferMode: "ReportEvents" });
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForSelector("[data-testid=conversation-row]");
  await page.waitForTimeout(400);
  const done = new Promise((r) => cdp.once("Tracing.tracingComplete", r));
  await cdp.send("Tracing.end");
  await done;
  return events;
}

/** The steps between navigation start and the first contentful paint on the page's main thread (ms). */
function summarize(ev: TraceEvent[]) {
  const nav = ev
    .filter((e) => e.name === "navigationStart" && e.args?.data?.documentLoaderURL?.startsWith("http"))
    .sort((a, b) => a.ts - b.ts)
    .pop();
  if (!nav) return "no navigation in the trace";
  const t0 = nav.ts;
  const fcp = ev.find((e) => e.name === "firstContentfulPaint" && e.ts > t0 && e.pid === nav.pid);
  const end = fcp?.ts ?? t0 + 1_000_000;
  const main = ev.filter((e) => e.pid === nav.pid && e.tid === nav.tid && e.ph === "X" && e.ts >= t0 && e.ts < end);
  const sum = (name: string | RegExp) =>
    main.filter((e) => (typeof name === "string" ? e.name === name : name.test(e.name))).reduce((s, e) => s + (e.dur ?? 0), 0) / 1000;
  const count = (name: string) => main.filter((e) => e.name === name).length;
  const at = (name: string) => {
    const e = ev.find((x) => x.name === name && x.ts >= t0 && x.pid === nav.pid);
    return e ? ((e.ts - t0) / 1000).toFixed(0) : "–";
  };
  const tasks = main.filter((e) => e.name === "ThreadControllerImpl::RunTask");
  const cpu = tasks.reduce((s, e) => s + (e.tdur ?? 0), 0) / 1000;
  // FontCache::GetFontPlatformData nests in itself: only the outer ones, one per font size and weight (a "strike").
  const lookups = main.filter((e) => e.name === "FontCache::GetFontPlatformData");
  const fonts = lookups.filter(
    (e) => !lookups.some((o) => o !== e && o.ts <= e.ts && o.ts + (o.dur ?? 0) >= e.ts + (e.dur ?? 0) && (o.dur ?? 0) >= (e.dur ?? 0) && o.ts !== e.ts),
  );
  const outer = fonts.filter((e, i) => fonts.findIndex((o) => o.ts === e.ts) === i);
  // Software raster of that first frame (the bench's Chromium has no GPU), on the renderer's raster threads: CPU ms.
  const raster = ev.filter((e) => e.pid === nav.pid && e.name === "RasterTask" && e.ph === "X" && e.ts >= t0 && e.ts < end);
  return [
    `fcp ${((end - t0) / 1000).toFixed(0)} ms`,
    `main CPU ${cpu.toFixed(0)}`,
    `html parsed at ${at("MarkDOMContent")}`,
    `parse ${sum("ParseHTML").toFixed(1)}`,
    `script ${sum(/^(EvaluateScript|v8.compile|FunctionCall)$/).toFixed(1)}`,
    `style ${sum("UpdateLayoutTree").toFixed(1)} (${count("UpdateLayoutTree")})`,
    `layout ${sum("Layout").toFixed(1)} (${count("Layout")})`,
    `paint ${sum(/^(Paint|PrePaint|Layerize|UpdateLayer|CompositeLayers)$/).toFixed(1)}`,
    `fonts ${(outer.reduce((s, e) => s + (e.dur ?? 0), 0) / 1000).toFixed(1)} (${outer.length} look-ups)`,
    `raster CPU ${(raster.reduce((s, e) => s + (e.tdur ?? e.dur ?? 0), 0) / 1000).toFixed(1)} (${raster.length} tiles)`,
  ].join(" · ");
}

async function main() {
  if (!hasChromium()) return console.log("(no Chromium: not traced)");
  ensureWebBuilt();
  const server = await startServer(process.env.BENCH_COMPARE ? { webDir: path.resolve(process.env.BENCH_COMPARE) } : {});
  const web = await launchWebApp({ viewport: { width: Number(process.env.BENCH_WIDTH ?? 1200), height: Number(process.env.BENCH_HEIGHT ?? 800) } });
  try {
    const token = await server.login("alice@demo.test");
    const inboxId = (await server.call("GET", "/v1/me", { token })).body.inboxes.find((i: { name: string }) => i.name === "Main line").id;
    for (let i = 0; i < CONVERSATIONS; i++)
      await server.call("POST", "/v1/simulator/inbound", {
        token,
        json: { inboxId, from: `+1212${String(5550000 + i).padStart(7, "0")}`, body: `Message ${i}` },
      });
    await signInOnWeb(web.page, server.url);
    await web.page.getByTestId("view-all").click();
    await waitFor("the list", async () => Number(await web.page.getByTestId("view-all").getByTestId("count").innerText()) >= CONVERSATIONS, 60_000, 250);
    await web.page.evaluate(() => navigator.serviceWorker.ready);
    await web.page.waitForFunction(() => localStorage.getItem("sidetext.web.firstScreen"), null, { timeout: 30_000 });
    const dir = process.env.BENCH_TRACE_DIR;
    for (let i = 0; i <= RUNS; i++) {
      const ev = await trace(web.context, `${server.url}/`);
      if (i === 0) continue; // warms the service worker's and the browser's caches
      if (dir) fs.writeFileSync(path.join(dir, `trace-${i}.json`), JSON.stringify(ev));
      console.log(`run ${i}: ${summarize(ev)}`);
    }
  } finally {
    await web.close();
    await server.close();
  }
}

await main();
