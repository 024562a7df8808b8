// CRM page reading (issue 4): how long each adapter takes to read the record from a 5,000-element page, in
// jsdom and in real Chromium (Debian's /usr/bin/chromium via playwright-core), and how big each content
// script is gzipped. `npx tsx bench/crm-scan.ts` prints a Markdown table; nothing here passes or fails.
import { existsSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { JSDOM } from "jsdom";
import { siteAdapters } from "~src/crm/pick-adapter";
import { detectPhones } from "~src/crm/generic/detect-phones";
import { bigPage, genericPage } from "./crm-pages";

const RUNS = 60;
const WARMUP = 5;

function percentiles(samples: number[]): { p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p95: at(0.95) };
}

function time(fn: () => unknown): { p50: number; p95: number } {
  for (let i = 0; i < WARMUP; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return percentiles(samples);
}

type Row = { name: string; elements: number; phones: number; jsdom: { p50: number; p95: number }; chromium?: { p50: number; p95: number } };

function jsdomRows(): Row[] {
  const rows: Row[] = [];
  for (const adapter of siteAdapters) {
    const { html, url } = bigPage(adapter.type);
    const dom = new JSDOM(html, { url });
    const doc = dom.window.document;
    const record = adapter.read(doc, dom.window.location);
    rows.push({
      name: adapter.type,
      elements: doc.getElementsByTagName("*").length,
      phones: record?.phones.length ?? 0,
      jsdom: time(() => adapter.read(doc, dom.window.location)),
    });
  }
  const { html, url } = genericPage();
  const dom = new JSDOM(html, { url });
  const doc = dom.window.document;
  rows.push({
    name: "generic detector",
    elements: doc.getElementsByTagName("*").length,
    phones: detectPhones(doc).length,
    jsdom: time(() => detectPhones(doc)),
  });
  return rows;
}

async function chromiumTimes(rows: Row[]): Promise<string | null> {
  if (!existsSync("/usr/bin/chromium")) return "no /usr/bin/chromium: Chromium column skipped";
  const { chromium } = await import("playwright-core");
  const bundle = await build({
    stdin: {
      contents: `import { siteAdapters } from "./src/crm/pick-adapter"; import { detectPhones } from "./src/crm/generic/detect-phones";
        window.__bench = (type, url, runs, warmup) => {
          const adapter = siteAdapters.find((a) => a.type === type);
          const read = adapter ? () => adapter.read(document, new URL(url)) : () => detectPhones(document);
          for (let i = 0; i < warmup; i++) read();
          const samples = [];
          for (let i = 0; i < runs; i++) { const t = performance.now(); read(); samples.push(performance.now() - t); }
          return samples;
        };`,
      resolveDir: ".",
      loader: "ts",
    },
    bundle: true,
    format: "iife",
    platform: "browser",
    write: false,
    alias: { "~src": "./src" },
    target: "chrome120",
  });
  const script = bundle.outputFiles[0].text;
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const page = await browser.newPage();
    for (const row of rows) {
      const type = row.name === "generic detector" ? "generic" : row.name;
      const { html, url } = type === "generic" ? genericPage() : bigPage(type);
      await page.setContent(html);
      await page.addScriptTag({ content: script });
      const samples = await page.evaluate(([t, u, r, w]) => (window as any).__bench(t, u, r, w), [type, url, RUNS, WARMUP] as const);
      row.chromium = percentiles(samples as number[]);
    }
    return `Chromium ${browser.version()}`;
  } finally {
    await browser.close();
  }
}

async function sizes(): Promise<string[]> {
  const lines: string[] = [];
  for (const entry of ["salesforce", "hubspot", "pipedrive", "zoho", "close", "generic"]) {
    const out = await build({
      entryPoints: [`contents/${entry}.ts`],
      bundle: true,
      minify: true,
      format: "iife",
      platform: "browser",
      write: false,
      alias: { "~src": "./src" },
      target: "chrome120",
    });
    const code = out.outputFiles[0].contents;
    lines.push(`| contents/${entry}.ts (esbuild, minified) | ${(code.length / 1024).toFixed(1)} KB | ${(gzipSync(code).length / 1024).toFixed(1)} KB |`);
  }
  const manifestPath = "build/chrome-mv3-prod/manifest.json";
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { content_scripts?: { js: string[]; matches: string[] }[] };
    for (const cs of manifest.content_scripts ?? []) {
      for (const file of cs.js) {
        const code = readFileSync(`build/chrome-mv3-prod/${file}`);
        lines.push(`| ${file} (plasmo build, ${cs.matches[0]}) | ${(code.length / 1024).toFixed(1)} KB | ${(gzipSync(code).length / 1024).toFixed(1)} KB |`);
      }
    }
  }
  return lines;
}

const ms = (t?: { p50: number; p95: number }) => (t ? `${t.p50.toFixed(2)} / ${t.p95.toFixed(2)}` : "–");
const rows = jsdomRows();
const chromiumNote = await chromiumTimes(rows);
// The machine is shared: say how busy it was, since p95 mostly measures the neighbours.
const load = loadavg()
  .map((l) => l.toFixed(1))
  .join(" ");
console.log(`Scan of a ~5,000-element page, ${RUNS} runs after ${WARMUP} warm-up, ms p50 / p95 (${chromiumNote}; load average ${load}):\n`);
console.log("| page | elements | phones found | jsdom | Chromium |\n| --- | ---: | ---: | ---: | ---: |");
for (const r of rows) console.log(`| ${r.name} | ${r.elements} | ${r.phones} | ${ms(r.jsdom)} | ${ms(r.chromium)} |`);
console.log("\nContent script size:\n\n| script | minified | gzipped |\n| --- | ---: | ---: |");
for (const line of await sizes()) console.log(line);
