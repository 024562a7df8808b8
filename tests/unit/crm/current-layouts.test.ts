// Fixture pages for how each CRM renders today (native shadow DOM, newer layouts without the old hooks, a
// custom react-admin CRM): the full layered read finds the record's phones with their labels and its name.
import { describe, expect, it } from "vitest";
import { adapterFor } from "~src/crm/pick-adapter";
import { placeOf } from "~src/crm/places";
import { CrmRecord } from "~src/protocol/record";
import { loadFixture } from "./load-fixture";

const phone = (e164: string, label: string, layer: string, extension: string | null = null) => ({
  e164,
  label,
  extension,
  foundBy: expect.objectContaining({ layer }),
});

describe("current CRM layouts, read in layers", () => {
  it.each([
    {
      site: "salesforce",
      file: "contact-native-shadow.html",
      name: "Ms. Priya Raman",
      source: "salesforce",
      // Every field inside open shadow roots; fax left out; the app bar's h1 "Sales" and support line ignored.
      phones: [phone("+14155550132", "work", "site"), phone("+16285550187", "mobile", "site")],
    },
    {
      site: "hubspot",
      file: "contact-record-layout-2024.html",
      name: "Grace Okafor",
      source: "hubspot",
      // No data-profile-property, no inputs: the labelled layer and the tel: link find them; fax and ID never.
      phones: [phone("+14155550146", "work", "link"), phone("+16285550191", "mobile", "labelled")],
    },
    {
      site: "pipedrive",
      file: "person-2025-layout.html",
      name: "Sofia Marin",
      source: "pipedrive",
      phones: [phone("+14155550163", "work", "link"), phone("+16285550172", "mobile", "labelled")],
    },
    {
      site: "zoho",
      file: "contact-crux.html",
      name: "Mr. Tomás Herrera",
      source: "zoho",
      phones: [phone("+34911234567", "work", "site"), phone("+34612345678", "mobile", "site")],
    },
    {
      site: "close",
      file: "lead-2025-layout.html",
      name: "Seaside Pediatrics",
      source: "close",
      // Types written after the numbers; the feed's numbers and the fax never.
      phones: [phone("+14155550181", "mobile", "link"), phone("+14155550182", "work", "link")],
    },
    {
      site: "generic",
      file: "atomic-crm-contact.html",
      name: "Jane Cooper",
      source: "generic",
      // Labels after the number, not the icon's "icon-phone-mobile" class; the extension; an unassigned exchange.
      phones: [phone("+14155550132", "work", "labelled", "12"), phone("+12011550123", "home", "labelled")],
    },
  ])("$site/$file", ({ site, file, name, source, phones }) => {
    const { document, location } = loadFixture(site, file);
    const record = adapterFor(location).read(document, location);
    expect(CrmRecord.parse(record)).toEqual(record);
    expect(record).toMatchObject({ source, name });
    expect(record!.phones).toEqual(phones.map((p) => expect.objectContaining(p)));
    for (const p of record!.phones) {
      expect(p.foundBy!.reader).toBe(source);
      expect(placeOf(p)?.isConnected).toBe(true); // "content" puts a Text button there
    }
  });

  it("keeps the hash route in a custom CRM's record URL and key", () => {
    const { document, location } = loadFixture("generic", "atomic-crm-contact.html");
    const adapter = adapterFor(location);
    expect(adapter.read(document, location)!.url).toBe("https://crm.example.org/#/contacts/12/show");
    expect(adapter.key(location)).toBe("https://crm.example.org/#/contacts/12/show");
    expect(adapter.key(new URL("https://crm.example.org/#/contacts/13/show"))).not.toBe(adapter.key(location));
  });
});
