import { describe, expect, it } from "vitest";
import { readSalesforceRecord } from "~src/crm/salesforce/read-record";
import { CrmRecord } from "~src/protocol/record";
import { loadFixture, withoutFoundBy } from "./load-fixture";

const origin = "https://acme--sandbox.lightning.force.com";

describe("readSalesforceRecord", () => {
  it.each([
    {
      file: "contact-one-phone.html",
      kind: "contact",
      name: "Ms. Jane Doe",
      company: "Acme Corp",
      url: `${origin}/lightning/r/Contact/0035e00000AbCdEAAV/view`,
      phones: [{ raw: "(415) 555-0132", e164: "+14155550132", label: "work", extension: null }],
      fields: { owner: "Dana Rep", title: "VP Operations", email: "jane.doe@acme.example", mailingAddress: "1 Market St San Francisco, CA 94105" },
    },
    {
      file: "contact-several-phones.html",
      kind: "contact",
      name: "Mr. Marcus Lee",
      company: "Globex Inc.",
      url: `${origin}/lightning/r/Contact/0035e00000ZzYyXAAV/view`,
      phones: [
        { raw: "(415) 555-0132 x204", e164: "+14155550132", label: "work", extension: "204" },
        { raw: "(628) 555-0187", e164: "+16285550187", label: "mobile", extension: null },
        { raw: "415.555.0199", e164: "+14155550199", label: "home", extension: null },
        { raw: "+1 212 555 0101", e164: "+12125550101", label: "other", extension: null },
      ],
      fields: { department: "Facilities", leadScore: "87" },
    },
    {
      file: "lead-international.html",
      kind: "lead",
      name: "Mr. Oliver Smith",
      company: "Brightline Ltd",
      url: `${origin}/lightning/r/Lead/00Q5e00000LmNoPEAV/view`,
      phones: [
        { raw: "+44 7700 900123", e164: "+447700900123", label: "mobile", extension: null },
        { raw: "+44 20 7946 0958", e164: "+442079460958", label: "work", extension: null },
      ],
      fields: { status: "Working - Contacted", leadSource: "Web", email: "oliver@brightline.example" },
    },
    {
      file: "account-no-phone.html",
      kind: "account",
      name: "Initech",
      company: "Initech",
      url: `${origin}/lightning/r/Account/0015e00000XyZaBAAV/view`,
      phones: [],
      fields: { owner: "Dana Rep", industry: "Software", website: "http://initech.example", annualRevenue: "$1,200,000" },
    },
    {
      file: "opportunity-hidden-copies.html",
      kind: "opportunity",
      name: "Globex — 200 seats",
      company: "Globex Inc.",
      url: `${origin}/lightning/r/Opportunity/0065e00000QrStUAAV/view`,
      // The cached contact page, the print-only copy and the collapsed section are hidden: only one number.
      phones: [{ raw: "(628) 555-0187", e164: "+16285550187", label: "other", extension: null }],
      fields: { stage: "Proposal/Price Quote", amount: "$48,000.00", closeDate: "12/15/2026" },
    },
  ])("reads $file", ({ file, phones, fields, ...rest }) => {
    const { document, location } = loadFixture("salesforce", file);
    const record = readSalesforceRecord(document, location);
    expect(CrmRecord.parse(record)).toEqual(record);
    expect(record).toMatchObject({ source: "salesforce", ...rest });
    expect(record!.phones.map(withoutFoundBy)).toEqual(phones);
    for (const phone of record!.phones) expect(phone.foundBy).toMatchObject({ reader: "salesforce", layer: "site" });
    expect(record!.fields).toMatchObject(fields);
  });

  it("never reads a hidden copy's fields", () => {
    const { document, location } = loadFixture("salesforce", "opportunity-hidden-copies.html");
    const record = readSalesforceRecord(document, location)!;
    expect(Object.keys(record.fields)).not.toContain("backupPhone");
    expect(JSON.stringify(record)).not.toContain("555-0132");
  });

  it("returns null outside a record page (list views show many numbers)", () => {
    const { document, location } = loadFixture("salesforce", "contact-list-view.html");
    expect(readSalesforceRecord(document, location)).toBeNull();
  });

  it("returns null while the record is still loading", () => {
    const { document } = loadFixture("salesforce", "contact-list-view.html");
    expect(readSalesforceRecord(document, new URL(`${origin}/lightning/r/Contact/0035e00000AbCdEAAV/view`))).toBeNull();
  });
});
