import { describe, expect, it } from "vitest";
import { readHubspotRecord } from "~src/crm/hubspot/read-record";
import { CrmRecord } from "~src/protocol/record";
import { loadFixture, withoutFoundBy } from "./load-fixture";

const base = "https://app.hubspot.com/contacts/2456789/record";

describe("readHubspotRecord", () => {
  it.each([
    {
      file: "contact-one-phone.html",
      kind: "contact",
      name: "Jane Doe",
      company: "Acme Corp",
      url: `${base}/0-1/51234`,
      phones: [{ raw: "+1 415-555-0132", e164: "+14155550132", label: "work", extension: null }],
      fields: { email: "jane.doe@acme.example", title: "VP Operations", owner: "Dana Rep", lifecycleStage: "Lead", city: "San Francisco" },
    },
    {
      file: "contact-several-phones.html",
      kind: "contact",
      name: "Marcus Lee",
      company: "Globex Inc.",
      url: `${base}/0-1/51777`,
      // Fax is skipped; the WhatsApp number sits in a collapsed section and is not counted.
      phones: [
        { raw: "(415) 555-0132 ext. 204", e164: "+14155550132", label: "work", extension: "204" },
        { raw: "628-555-0187", e164: "+16285550187", label: "mobile", extension: null },
      ],
      fields: { firstName: "Marcus", lastName: "Lee", leadStatus: "In progress", email: "marcus@globex.example" },
    },
    {
      file: "contact-international.html",
      kind: "contact",
      name: "Lena Fischer",
      company: "Nordlicht GmbH",
      url: `${base}/0-1/52001`,
      phones: [
        { raw: "+49 30 901820", e164: "+4930901820", label: "work", extension: null },
        { raw: "+49 1512 3456789", e164: "+4915123456789", label: "mobile", extension: null },
      ],
      fields: { country: "Germany" },
    },
    {
      file: "company-no-phone.html",
      kind: "company",
      name: "Initech",
      company: "Initech",
      url: `${base}/0-2/90012`,
      phones: [],
      fields: { domain: "initech.example", industry: "Computer Software", city: "Austin", owner: "Dana Rep", annualRevenue: "$1,200,000" },
    },
    {
      file: "deal-associated-contact.html",
      kind: "deal",
      name: "Globex — 200 seats",
      company: "Globex Inc.",
      url: `${base}/0-3/7001`,
      phones: [{ raw: "+1 628-555-0187", e164: "+16285550187", label: "other", extension: null }],
      fields: { stage: "Contract sent", amount: "$48,000", closeDate: "12/15/2026", owner: "Dana Rep" },
    },
  ])("reads $file", ({ file, phones, fields, ...rest }) => {
    const { document, location } = loadFixture("hubspot", file);
    const record = readHubspotRecord(document, location);
    expect(CrmRecord.parse(record)).toEqual(record);
    expect(record).toMatchObject({ source: "hubspot", ...rest });
    expect(record!.phones.map(withoutFoundBy)).toEqual(phones);
    for (const phone of record!.phones) expect(phone.foundBy).toMatchObject({ reader: "hubspot", layer: "site" });
    expect(record!.fields).toMatchObject(fields);
  });

  it("leaves fax numbers and the help line out", () => {
    const { document, location } = loadFixture("hubspot", "contact-several-phones.html");
    const record = readHubspotRecord(document, location)!;
    expect(JSON.stringify(record)).not.toMatch(/0150|482-7768|hubspotOwnerId/);
  });

  it("returns null on a list view", () => {
    const { document, location } = loadFixture("hubspot", "contacts-index.html");
    expect(readHubspotRecord(document, location)).toBeNull();
  });
});
