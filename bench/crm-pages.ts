// 5,000-element pages for the CRM scan benchmark: a real fixture record page plus an activity feed full of
// dates, prices, order numbers and ZIP codes (what a CRM shows around a record), and a generic page.
import { readFileSync } from "node:fs";

const FIXTURES: Record<string, string> = {
  salesforce: "salesforce/contact-several-phones.html",
  hubspot: "hubspot/contact-several-phones.html",
  pipedrive: "pipedrive/person-several-phones.html",
  zoho: "zoho/contact-several-phones.html",
  close: "close/lead-several-contacts.html",
};
const TARGET = 5000;

function feedItem(i: number): string {
  const day = (i % 28) + 1;
  return (
    `<div class="feed-item" data-id="${100000 + i}"><div class="feed-header"><span class="avatar" aria-hidden="true">D</span>` +
    `<span class="author">Dana Rep</span><time datetime="2026-11-${String(day).padStart(2, "0")}">11/${day}/2026 10:${String(i % 60).padStart(2, "0")} AM</time></div>` +
    `<div class="feed-body"><p>Order #${10023456 + i} shipped — total $${(1234.5 + i).toFixed(2)}, ZIP 94107-${String(1000 + (i % 9000))}</p>` +
    `<ul><li>Task</li><li>Due 2026-12-${String(day).padStart(2, "0")}</li></ul></div></div>`
  );
}
const ELEMENTS_PER_ITEM = 10;

function countElements(html: string): number {
  return (html.match(/<[a-zA-Z]/g) ?? []).length;
}

function pad(html: string): string {
  const missing = Math.max(0, TARGET - countElements(html));
  const feed = Array.from({ length: Math.ceil(missing / ELEMENTS_PER_ITEM) }, (_, i) => feedItem(i)).join("");
  return html.replace("</body>", `<section class="activity-feed">${feed}</section></body>`);
}

export function bigPage(site: string): { html: string; url: string } {
  const html = readFileSync(new URL(`../tests/fixtures/crm/${FIXTURES[site]}`, import.meta.url), "utf8");
  const url = /<meta name="fixture-url" content="([^"]+)"/.exec(html)![1];
  return { html: pad(html), url };
}

export function genericPage(): { html: string; url: string } {
  const card =
    `<header><h1>Jane Doe</h1></header><div class="card"><dl><dt>Mobile</dt><dd>(628) 555-0187</dd>` +
    `<dt>Office</dt><dd><a href="tel:+14155550132">(415) 555-0132 x204</a></dd></dl><p>Assistant: 212-555-0101</p></div>`;
  const html = `<!doctype html><html><head><title>Customer 42</title></head><body>${card}</body></html>`;
  return { html: pad(html), url: "https://portal.example.com/customers/42" };
}
