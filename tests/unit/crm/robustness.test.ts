// Every record fixture × every variant (tests/unit/crm/variants.ts): the record's phones are still found, with
// their labels, the name where the page shows one, and never a decoy. Prints the fraction found.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { adapterFor } from "~src/crm/pick-adapter";
import { placeOf } from "~src/crm/places";
import type { CrmRecord } from "~src/protocol/record";
import { loadFixture } from "./load-fixture";
import { applyFrozen, BRAND, DECOY_NUMBERS, freezeHidden, NEEDS_PLACES, variantsFor } from "./variants";

const root = fileURLToPath(new URL("../../fixtures/crm/", import.meta.url));
const sites = readdirSync(root);
const HEADINGS = "h1,h2,h3,h4,h5,h6,[role=heading]";

function read(site: string, file: string) {
  const { document, location } = loadFixture(site, file);
  const adapter = adapterFor(location);
  return { document, location, adapter, record: adapter.read(document, location) };
}

/**
 * What each fixture reads as untouched, read once: jsdom is slow to open a page and to compute styles, and
 * each of the 348 cases used to open its fixture three times. Every case still changes its own fresh copy.
 */
const untouched = new Map<string, ReturnType<typeof read> & { variants: string[]; headings: string[]; frozen: ReturnType<typeof freezeHidden> }>();
function original(site: string, file: string) {
  const key = `${site}/${file}`;
  let found = untouched.get(key);
  if (!found) {
    const page = read(site, file);
    const headings = [...page.document.querySelectorAll(HEADINGS)].map((h) => h.textContent ?? "");
    const variants = variantsFor(site, page.document).map((v) => v.name);
    found = { ...page, variants, headings, frozen: freezeHidden(page.document) };
    untouched.set(key, found);
  }
  return found;
}

/** Record pages only: list views are not records (their own tests say they read as nothing). */
const pages = sites.flatMap((site) =>
  readdirSync(`${root}${site}`)
    .filter((file) => file.endsWith(".html"))
    .map((file) => ({ site, file }))
    .filter(({ site, file }) => {
      const { location, adapter } = original(site, file);
      return adapter.key(location) !== null;
    }),
);

const STRIPS_ALL = /without any site attribute|no hooks/;

const summary = (record: CrmRecord | null) =>
  Object.fromEntries((record?.phones ?? []).map((p) => [p.e164 + (p.extension ? `x${p.extension}` : ""), p.label]).sort());

const cases = pages.flatMap(({ site, file }) => original(site, file).variants.map((variant) => ({ site, file, variant })));

const tally = { found: 0, phones: 0, all: 0 };
const pct = (n: number) => `${((100 * n) / tally.all).toFixed(1)}%`;
afterAll(() => {
  console.log(
    `robustness: ${tally.all} fixture × variant reads; every phone with its label and no decoy: ${tally.phones} (${pct(tally.phones)}); that and the record's name too: ${tally.found} (${pct(tally.found)})`,
  );
});

describe("every record fixture × every variant", () => {
  it.each(cases)("reads every phone with its label, no decoy, from $site/$file with $variant", ({ site, file, variant }) => {
    const { record: base, headings, frozen } = original(site, file);
    const { document, location } = loadFixture(site, file);
    const adapter = adapterFor(location);
    const first = NEEDS_PLACES.test(variant) ? adapter.read(document, location) : null;
    const places = (first?.phones ?? []).map((p) => placeOf(p)).filter((el): el is Element => !!el);
    applyFrozen(document, frozen);
    variantsFor(site, document)
      .find((v) => v.name === variant)!
      .apply(document, places);
    const record = adapter.read(document, location);
    tally.all++;
    const expected = summary(base);
    // A Close lead is a company and its people are cards without headings: with no hooks left, the record
    // header is the lead's (company) name, which names the record as well as its first contact does.
    const names = [base?.name, ...(site === "close" ? [base?.company] : [])];
    // Zoho writes the name in a plain <span>: with every hook gone, nothing on the page says it is the name.
    const headed = headings.some((h) => base?.name && h.includes(base.name));
    const nameShown = !!base?.name && (headed || !STRIPS_ALL.test(variant));
    const ok = JSON.stringify(summary(record)) === JSON.stringify(expected) && (!base?.name || names.includes(record?.name));
    if (ok) tally.found++;
    if (JSON.stringify(summary(record)) === JSON.stringify(expected) && !(record?.phones ?? []).some((p) => DECOY_NUMBERS.includes(p.e164))) tally.phones++;
    expect(summary(record)).toEqual(expected);
    for (const phone of record?.phones ?? []) expect(DECOY_NUMBERS).not.toContain(phone.e164);
    if (nameShown) expect(names).toContain(record?.name);
    expect(record?.name).not.toBe(BRAND);
  });
});
