import { describe, expect, it } from "vitest";
import { readZohoRecord } from "~src/crm/zoho/read-record";
import { CrmRecord } from "~src/protocol/record";
import { loadFixture, withoutFoundBy } from "./load-fixture";

const tab = "https://crm.zoho.com/crm/org712345678/tab";
const phone = (raw: string, e164: string, label: string, extension: string | null = null) => ({ raw, e164, label, extension });

describe("readZohoRecord", () => {
  it.each([
    {
      file: "contact-one-phone.html",
      kind: "contact",
      name: "Priya Nair",
      company: "Nair Textiles",
      url: `${tab}/Contacts/4876876000001234567`,
      phones: [phone("(415) 555-0132", "+14155550132", "work")],
      fields: { owner: "Dana Rep", email: "priya@nair.example" },
      // "Show Details" is collapsed: its fields are hidden and not read.
      absent: ["firstName", "title", "mailingCity"],
    },
    {
      file: "contact-several-phones.html",
      kind: "contact",
      name: "Mr. Diego Alvarez",
      company: "Alvarez Foods",
      url: `${tab}/Contacts/4876876000001234999`,
      phones: [
        phone("(415) 555-0132 x204", "+14155550132", "work", "204"),
        phone("628-555-0187", "+16285550187", "mobile"),
        phone("415 555 0199", "+14155550199", "home"),
        phone("(212) 555-0101", "+12125550101", "other"),
      ],
      fields: { department: "Purchasing" },
      absent: ["fax", "asstPhone"],
    },
    {
      file: "lead-international.html",
      kind: "lead",
      name: "Ms. Emma Clarke",
      company: "Clarke Design Ltd",
      url: "https://crm.zoho.eu/crm/org20098765/tab/Leads/112233000000456789",
      phones: [phone("+44 7700 900456", "+447700900456", "mobile"), phone("+44 161 496 0123", "+441614960123", "work")],
      fields: { leadStatus: "Contacted", leadSource: "Trade Show", city: "Manchester", owner: "Dana Rep" },
      absent: [],
    },
    {
      file: "lead-no-phone.html",
      kind: "lead",
      name: "Kim Park",
      company: "Park Studio",
      url: `${tab}/Leads/4876876000002000001`,
      phones: [],
      fields: { email: "kim@park.example" },
      absent: [],
    },
  ])("reads $file", ({ file, phones, fields, absent, ...rest }) => {
    const { document, location } = loadFixture("zoho", file);
    const record = readZohoRecord(document, location);
    expect(CrmRecord.parse(record)).toEqual(record);
    expect(record).toMatchObject({ source: "zoho", ...rest });
    expect(record!.phones.map(withoutFoundBy)).toEqual(phones);
    for (const phone of record!.phones) expect(phone.foundBy).toMatchObject({ reader: "zoho", layer: "site" });
    expect(record!.fields).toMatchObject(fields);
    for (const key of absent) expect(record!.fields).not.toHaveProperty(key);
  });

  it("ignores the hidden inline-edit copy", () => {
    const { document, location } = loadFixture("zoho", "contact-several-phones.html");
    expect(JSON.stringify(readZohoRecord(document, location))).not.toMatch(/0999|0998|0150/);
  });

  it("returns null on a list view", () => {
    const { document, location } = loadFixture("zoho", "contacts-list.html");
    expect(readZohoRecord(document, location)).toBeNull();
  });
});
