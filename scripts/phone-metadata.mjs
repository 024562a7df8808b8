// Writes src/crm/phone-metadata.json: libphonenumber-js's "min" metadata without the number formats (how to
// print a number in each country). Content scripts only parse and check numbers, never format them, and the
// formats are half of the metadata gzipped (~9 KB of a content script's 40 KB budget).
// Run after upgrading libphonenumber-js: `node scripts/phone-metadata.mjs`.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const metadata = JSON.parse(readFileSync(require.resolve("libphonenumber-js/metadata.min.json"), "utf8"));
const FORMATS = 4; // [calling code, IDD prefix, national pattern, possible lengths, formats, …] in this metadata version
for (const group of [metadata.countries, metadata.nonGeographic ?? {}]) {
  for (const entry of Object.values(group)) if (Array.isArray(entry[FORMATS])) entry[FORMATS] = [];
}
writeFileSync(new URL("../src/crm/phone-metadata.json", import.meta.url), JSON.stringify(metadata));
console.log(`src/crm/phone-metadata.json: libphonenumber-js metadata ${metadata.version}, formats removed`);
