// Popup (issue 5): first paint and search with 5,000 cached conversations, in headless Chromium
// (Debian's /usr/bin/chromium via playwright-core). Two setups, printed as Markdown:
//  1. the built extension against the real server holding 5,000 extra conversations: popup.html opened
//     fresh each run, timed from navigation start to the first frame painted with rows (worker port,
//     Dexie index page, React); search timed in that popup over the full cached list;
//  2. the views alone (bench/harness: the real PopupApp over the in-memory view client), for scale.
//   npx tsx bench/popup.ts
import { chromium, type Page } from "playwright-core";
import { buildHarness } from "./harness/build-harness";
import { extensionPopup } from "./popup-extension";

const RUNS = 15;
const CONVERSATIONS = 5000;
const QUERIES = ["maria", "garcia 42", "(212) 555-4998", "+1 212-555-0042", "212.555.1236", "order #4320", "zzz-nothing"];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function firstPaint(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => (window as any).timing?.rowsPainted > 0);
  return page.evaluate(() => {
    const t = (window as any).timing;
    return {
      render: t.rowsPainted - t.dataReady,
      fromNavigation: t.rowsPainted,
      rowsInDom: document.querySelectorAll("[data-testid=conversation-row]").length,
    };
  });
}

/** Types a whole query into the search box at once and times until React has updated the list. */
export async function searchOnce(page: Page, query: string) {
  return page.evaluate((q) => {
    const input = document.querySelector<HTMLInputElement>("[data-testid=search]")!;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!;
    const start = performance.now();
    setValue.call(input, q);
    input.dispatchEvent(new Event("input", { bubbles: true })); // a discrete event: React renders synchronously
    const elapsed = performance.now() - start;
    const rows = document.querySelectorAll("[data-testid=conversation-row]").length;
    setValue.call(input, "");
    input.dispatchEvent(new Event("input", { bubbles: true }));
    return { elapsed, rows };
  }, query);
}

async function main() {
  await extensionPopup({ conversations: CONVERSATIONS, runs: RUNS, queries: QUERIES, median, p95, ms, searchOnce });
  console.log();
  const file = await buildHarness();
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  const page = await browser.newPage({ viewport: { width: 400, height: 580 } });
  const url = (n: number) => `file://${file}?view=popup&n=${n}`;
  const paints: Array<{ render: number; fromNavigation: number; rowsInDom: number }> = [];
  await firstPaint(page, url(CONVERSATIONS)); // warm the browser's code cache
  for (let i = 0; i < RUNS; i++) paints.push(await firstPaint(page, url(CONVERSATIONS)));
  const small: number[] = [];
  for (let i = 0; i < 5; i++) small.push((await firstPaint(page, url(20))).render);

  await page.getByTestId("view-all").click();
  const search: Array<{ query: string; median: number; p95: number; rows: number }> = [];
  await page.goto(url(CONVERSATIONS));
  await page.waitForFunction(() => (window as any).timing?.rowsPainted > 0);
  await page.getByTestId("view-all").click();
  for (const query of QUERIES) {
    const samples: number[] = [];
    let rows = 0;
    for (let i = 0; i < RUNS; i++) ({ elapsed: samples[i], rows } = await searchOnce(page, query));
    search.push({ query, median: median(samples), p95: p95(samples), rows });
  }
  await browser.close();

  const render = paints.map((p) => p.render);
  const nav = paints.map((p) => p.fromNavigation);
  console.log(`| what (${CONVERSATIONS} conversations, ${RUNS} runs, headless Chromium) | median | p95 |`);
  console.log("| --- | --- | --- |");
  console.log(`| popup first paint: render() → first frame with rows | ${ms(median(render))} | ${ms(p95(render))} |`);
  console.log(`| same, from navigation start (HTML, 5,000 fixtures built in page, script) | ${ms(median(nav))} | ${ms(p95(nav))} |`);
  console.log(`| popup first paint with 20 conversations (for scale) | ${ms(median(small))} | ${ms(p95(small))} |`);
  console.log(`| rows in the DOM at first paint (windowed list) | ${paints[0].rowsInDom} | |`);
  for (const s of search) console.log(`| search "${s.query}" (${s.rows} rows rendered) | ${ms(s.median)} | ${ms(s.p95)} |`);
}

if (process.argv[1]?.endsWith("popup.ts"))
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
