import { describe, expect, it } from "vitest";
import { readCloseRecord } from "~src/crm/close/read-record";
import { CrmRecord } from "~src/protocol/record";
import { loadFixture, withoutFoundBy } from "./load-fixture";

const phone = (raw: string, e164: string, label: string, extension: string | null = null) => ({ raw, e164, label, extension });

describe("readCloseRecord", () => {
  it.each([
    {
      file: "lead-one-phone.html",
      name: "Dr. Alice Wong",
      company: "Harbor Dental",
      url: "https://app.close.com/lead/lead_8xKq2mVtRz1aB3cD4eF5gH/",
      phones: [phone("(415) 555-0132", "+14155550132", "work")],
      fields: {
        owner: "Dana Rep",
        industry: "Healthcare",
        status: "Potential",
        website: "harbordental.example",
        title: "Practice Owner",
        email: "alice@harbordental.example",
      },
    },
    {
      file: "lead-several-contacts.html",
      name: "Rob Diaz",
      company: "Bayview Plumbing",
      url: "https://app.close.com/lead/lead_9yLr3nWuSa2bC4dE5fG6hI/",
      // Fax is left out; the folded "Old Contact" is hidden.
      phones: [
        phone("415-555-0132 x204", "+14155550132", "work", "204"),
        phone("(628) 555-0187", "+16285550187", "mobile"),
        phone("415.555.0199", "+14155550199", "home"),
        phone("+1 212 555 0101", "+12125550101", "other"),
      ],
      fields: { owner: "Dana Rep", leadSource: "Referral", status: "Qualified", title: "Owner" },
    },
    {
      file: "lead-international.html",
      name: "Claire Lefèvre",
      company: "Maison Lefèvre",
      url: "https://app.close.com/lead/lead_7wJp1lUsQy0zA2bC3dE4fG/",
      phones: [phone("+33 6 12 34 56 78", "+33612345678", "mobile"), phone("+33 1 42 68 53 00", "+33142685300", "work")],
      fields: { country: "France" },
    },
    {
      file: "lead-no-phone.html",
      name: "Pat Quinn",
      company: "Quiet Corp",
      url: "https://app.close.com/lead/lead_6vIo0kTrPx9yZ1aB2cD3eF/",
      phones: [],
      fields: { email: "pat@quiet.example", title: "CTO" },
    },
  ])("reads $file", ({ file, phones, fields, ...rest }) => {
    const { document, location } = loadFixture("close", file);
    const record = readCloseRecord(document, location);
    expect(CrmRecord.parse(record)).toEqual(record);
    expect(record).toMatchObject({ source: "close", kind: "lead", ...rest });
    expect(record!.phones.map(withoutFoundBy)).toEqual(phones);
    for (const phone of record!.phones) expect(phone.foundBy).toMatchObject({ reader: "close", layer: "site" });
    expect(record!.fields).toMatchObject(fields);
  });

  it("never reads the hidden contact or the order number in the activity feed", () => {
    const { document, location } = loadFixture("close", "lead-several-contacts.html");
    expect(JSON.stringify(readCloseRecord(document, location))).not.toMatch(/0999|0150|Old Contact/);
  });

  it("returns null on the leads list", () => {
    const { document, location } = loadFixture("close", "leads-list.html");
    expect(readCloseRecord(document, location)).toBeNull();
  });
});
