// CRM readers in layers (issue 11): how long one read of the open record takes on a ~5,000-element page in
// headless Chromium (Debian's /usr/bin/chromium via playwright-core) — the site reader alone, all layers when
// the site's hooks are gone (site reader + record region + labelled fields + links), fields and the activity
// feed inside open shadow roots, and the generic reader — beside the floor measured on the same page in the
// same run: a bare `querySelectorAll('*')` walk (what finding the shadow roots costs at least). Then the built
// content scripts' gzipped sizes. `npx tsx bench/crm-readers.ts`; nothing here passes or fails.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { loadavg } from "node:os";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const RUNS = 60;
const WARMUP = 5;
const TARGET = 5000;

interface Case {
  name: string;
  file: string;
  /** Done in the page before timing: what makes the case. */
  prepare?: "strip-hooks" | "feed-in-shadow" | "strip-hooks, feed in days";
}

const CASES: Case[] = [
  { name: "Salesforce contact, site layer", file: "salesforce/contact-several-phones.html" },
  { name: "Salesforce contact, hooks gone: all layers", file: "salesforce/contact-several-phones.html", prepare: "strip-hooks" },
  { name: "Salesforce native shadow DOM, feed in a shadow root too", file: "salesforce/contact-native-shadow.html", prepare: "feed-in-shadow" },
  { name: "HubSpot 2024 layout: site finds none, all layers", file: "hubspot/contact-record-layout-2024.html" },
  { name: "HubSpot contact, hooks gone: all layers", file: "hubspot/contact-several-phones.html", prepare: "strip-hooks" },
  { name: "Pipedrive person, hooks gone: all layers", file: "pipedrive/person-several-phones.html", prepare: "strip-hooks" },
  { name: "Zoho contact, hooks gone: all layers", file: "zoho/contact-several-phones.html", prepare: "strip-hooks" },
  // The same feed grouped by day (20 items a group): no long list to skip, every item is read.
  { name: "Zoho contact, hooks gone, feed grouped by day", file: "zoho/contact-several-phones.html", prepare: "strip-hooks, feed in days" },
  { name: "Close lead, hooks gone: all layers", file: "close/lead-several-contacts.html", prepare: "strip-hooks" },
  { name: "custom CRM (generic reader, hash route)", file: "generic/atomic-crm-contact.html" },
];

/** A CRM activity feed: dates, times, prices, order numbers, ZIP+4 codes — ten elements an item. */
function feed(count: number): string {
  return Array.from({ length: count }, (_, i) => {
    const day = (i % 28) + 1;
    return (
      `<div class="feed-item"><div class="feed-header"><span class="avatar" aria-hidden="true">D</span><span class="author">Dana Rep</span>` +
      `<time>11/${day}/2026 10:${String(i % 60).padStart(2, "0")} AM</time></div><div class="feed-body"><p>Order #${10023456 + i} shipped — total ` +
      `$${(1234.5 + i).toFixed(2)}, ZIP 94107-${String(1000 + (i % 9000))}</p><ul><li>Task</li><li>Due 2026-12-${String(day).padStart(2, "0")}</li></ul></div></div>`
    );
  }).join("");
}

function page(c: Case): { html: string; url: string } {
  const html = readFileSync(new URL(`../tests/fixtures/crm/${c.file}`, import.meta.url), "utf8");
  const url = /<meta name="fixture-url" content="([^"]+)"/.exec(html)![1];
  const missing = Math.max(0, TARGET - (html.match(/<[a-zA-Z]/g) ?? []).length);
  let items = feed(Math.ceil(missing / 10));
  if (c.prepare === "strip-hooks, feed in days")
    items = items
      .split(/(?=<div class="feed-item">)/)
      .reduce((days: string[], item, i) => {
        if (i % 20) days[days.length - 1] += item;
        else days.push(item);
        return days;
      }, [])
      .map((d) => `<div class="day">${d}</div>`)
      .join("");
  const wrapped =
    c.prepare === "feed-in-shadow"
      ? `<x-activity-feed><template shadowrootmode="open">${items}</template></x-activity-feed>`
      : `<section class="activity-feed">${items}</section>`;
  return { html: html.replace("</body>", `${wrapped}</body>`), url };
}

const PAGE_SCRIPT = `
import { adapterFor } from "./src/crm/pick-adapter";
// Declarative shadow roots, attached the way the parser does on a navigation (setContent does not).
function attachShadows(root) {
  for (const t of root.querySelectorAll("template[shadowrootmode]")) {
    const s = t.parentElement.attachShadow({ mode: "open" });
    s.append(t.content); t.remove(); attachShadows(s);
  }
}
function stripHooks() {
  for (const el of document.body.querySelectorAll("*"))
    for (const a of [...el.attributes]) if (a.name.startsWith("data-") || a.name === "id" || a.name === "class" || a.name === "field-label") el.removeAttribute(a.name);
}
function countDeep(root) {
  let n = 0;
  for (const el of root.querySelectorAll("*")) { n++; if (el.shadowRoot) n += countDeep(el.shadowRoot); }
  return n;
}
function time(fn, runs, warmup) {
  for (let i = 0; i < warmup; i++) fn();
  const samples = [];
  for (let i = 0; i < runs; i++) { const t = performance.now(); fn(); samples.push(performance.now() - t); }
  return samples;
}
window.__bench = (url, prepare, runs, warmup) => {
  attachShadows(document);
  if (prepare.startsWith("strip-hooks")) stripHooks();
  const location = new URL(url);
  const adapter = adapterFor(location);
  const record = adapter.read(document, location);
  const read = time(() => adapter.read(document, location), runs, warmup);
  // The floor: every element visited once (shadow trees too), its shadowRoot looked at.
  const walk = (root) => { let n = 0; for (const el of root.querySelectorAll("*")) { n++; if (el.shadowRoot) n += walk(el.shadowRoot); } return n; };
  const floor = time(() => walk(document), runs, warmup);
  return { read, floor, elements: countDeep(document), phones: record ? record.phones.map((p) => p.foundBy.layer).join(" ") : "none", name: record && record.name };
};`;

function p50p95(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `${at(0.5).toFixed(2)} / ${at(0.95).toFixed(2)}`;
}

async function chromium(): Promise<string[]> {
  if (!existsSync("/usr/bin/chromium")) return ["no /usr/bin/chromium: nothing measured"];
  const { chromium } = await import("playwright-core");
  const bundle = await build({
    stdin: { contents: PAGE_SCRIPT, resolveDir: ".", loader: "ts" },
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
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const lines = [
    `Chromium ${browser.version()}, ${RUNS} runs after ${WARMUP} warm-up, ms p50 / p95, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}:`,
    "",
    "| page | elements (shadow trees included) | phones found, by layer | name | read, all layers | floor: `querySelectorAll('*')` walk, shadow trees too |",
    "| --- | ---: | --- | --- | ---: | ---: |",
  ];
  try {
    for (const c of CASES) {
      const tab = await browser.newPage();
      const { html, url } = page(c);
      await tab.setContent(html);
      await tab.addScriptTag({ content: script });
      const r = await tab.evaluate(([u, p, runs, w]) => (window as any).__bench(u, p, runs, w), [url, c.prepare ?? "", RUNS, WARMUP] as const);
      lines.push(`| ${c.name} | ${r.elements} | ${r.phones} | ${r.name ?? "–"} | ${p50p95(r.read)} | ${p50p95(r.floor)} |`);
      await tab.close();
    }
  } finally {
    await browser.close();
  }
  return lines;
}

function sizes(): string[] {
  const manifestPath = "build/chrome-mv3-prod/manifest.json";
  if (!existsSync(manifestPath)) return ["no build/chrome-mv3-prod: run `flock /tmp/sidetext-extension-build.lock npm run build` first"];
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { content_scripts?: { js: string[]; matches: string[] }[] };
  const lines = ["| content script (plasmo build) | matches | minified | gzipped (budget 40 KB) |", "| --- | --- | ---: | ---: |"];
  const files = new Map<string, string>();
  for (const cs of manifest.content_scripts ?? []) for (const file of cs.js) files.set(file, cs.matches[0]);
  // The generic script is registered at run time (enable-site.ts), not listed in the manifest's content_scripts.
  for (const file of readdirJs()) if (/^generic\./.test(file) && !files.has(file)) files.set(file, "(registered per enabled site)");
  for (const [file, match] of files) {
    const code = readFileSync(`build/chrome-mv3-prod/${file}`);
    lines.push(`| ${file} | ${match} | ${(code.length / 1024).toFixed(1)} KB | ${(gzipSync(code).length / 1024).toFixed(1)} KB |`);
  }
  return lines;
}

function readdirJs(): string[] {
  return readdirSync("build/chrome-mv3-prod").filter((f) => f.endsWith(".js"));
}

console.log((await chromium()).join("\n"));
console.log("");
console.log(sizes().join("\n"));
