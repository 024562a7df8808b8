// Every record fixture × every variant (tests/unit/crm/variants.ts): the record's phones are still found, with
// their labels, the name where the page shows one, and never a decoy. Prints the fraction found.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { adapterFor } from "~src/crm/pick-adapter";
import { placeOf } from "~src/crm/places";
import type { CrmRecord } from "~src/protocol/record";
import { loadFixture } from "./load-fixture";
import { BRAND, DECOY_NUMBERS, freezeHidden, variantsFor } from "./variants";

const root = fileURLToPath(new URL("../../fixtures/crm/", import.meta.url));
const sites = readdirSync(root);

function read(site: string, file: string) {
  const { document, location } = loadFixture(site, file);
  const adapter = adapterFor(location);
  return { document, location, adapter, record: adapter.read(document, location) };
}

/** Record pages only: list views are not records (their own tests say they read as nothing). */
const pages = sites.flatMap((site) =>
  readdirSync(`${root}${site}`)
    .filter((file) => file.endsWith(".html"))
    .map((file) => ({ site, file }))
    .filter(({ site, file }) => {
      const { location, adapter } = read(site, file);
      return adapter.key(location) !== null;
    }),
);

const HEADINGS = "h1,h2,h3,h4,h5,h6,[role=heading]";
const STRIPS_ALL = /without any site attribute|no hooks/;

const summary = (record: CrmRecord | null) =>
  Object.fromEntries((record?.phones ?? []).map((p) => [p.e164 + (p.extension ? `x${p.extension}` : ""), p.label]).sort());

const cases = pages.flatMap(({ site, file }) => {
  const { document } = read(site, file);
  return variantsFor(site, document).map((variant) => ({ site, file, variant: variant.name }));
});

const tally = { found: 0, phones: 0, all: 0 };
const pct = (n: number) => `${((100 * n) / tally.all).toFixed(1)}%`;
afterAll(() => {
  console.log(
    `robustness: ${tally.all} fixture × variant reads; every phone with its label and no decoy: ${tally.phones} (${pct(tally.phones)}); that and the record's name too: ${tally.found} (${pct(tally.found)})`,
  );
});

describe("every record fixture × every variant", () => {
  it.each(cases)("reads every phone with its label, no decoy, from $site/$file with $variant", ({ site, file, variant }) => {
    const base = read(site, file).record;
    const { document, location, adapter, record: first } = read(site, file);
    const places = (first?.phones ?? []).map((p) => placeOf(p)).filter((el): el is Element => !!el);
    freezeHidden(document);
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
    const headed = [...read(site, file).document.querySelectorAll(HEADINGS)].some((h) => base?.name && h.textContent?.includes(base.name));
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
