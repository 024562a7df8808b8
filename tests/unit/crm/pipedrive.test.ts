import { describe, expect, it } from "vitest";
import { readPipedriveRecord } from "~src/crm/pipedrive/read-record";
import { CrmRecord } from "~src/protocol/record";
import { loadFixture, withoutFoundBy } from "./load-fixture";

const origin = "https://acme-logistics.pipedrive.com";
const phone = (raw: string, e164: string, label: string, extension: string | null = null) => ({ raw, e164, label, extension });

describe("readPipedriveRecord", () => {
  it.each([
    {
      file: "person-one-phone.html",
      kind: "person",
      name: "Ana Ruiz",
      company: "Ruiz Logistics",
      url: `${origin}/person/1042`,
      phones: [phone("(415) 555-0132", "+14155550132", "work")],
      fields: { email: "ana@ruiz.example", title: "Dispatch Manager", owner: "Dana Rep" },
    },
    {
      file: "person-several-phones.html",
      kind: "person",
      name: "Tom Becker",
      company: "Becker & Sons",
      url: `${origin}/person/1043`,
      phones: [
        phone("415-555-0132 ext 204", "+14155550132", "work", "204"),
        phone("+1 628 555 0187", "+16285550187", "mobile"),
        phone("(415) 555-0199", "+14155550199", "home"),
        phone("212.555.0101", "+12125550101", "other"),
      ],
      fields: {},
    },
    {
      file: "person-international.html",
      kind: "person",
      name: "Lucía Gómez",
      company: "Transportes Gómez SL",
      url: `${origin}/person/1044`,
      phones: [phone("+34 612 34 56 78", "+34612345678", "mobile"), phone("+34 915 12 34 56", "+34915123456", "work")],
      fields: {},
    },
    {
      file: "person-no-phone.html",
      kind: "person",
      name: "Sam Ortiz",
      company: null,
      url: `${origin}/person/1045`,
      // The backup phone is in a collapsed section.
      phones: [],
      fields: { email: "sam@ortiz.example" },
    },
    {
      file: "deal-with-person.html",
      kind: "deal",
      name: "Ruiz Logistics — fleet renewal",
      company: "Ruiz Logistics",
      url: `${origin}/deal/880`,
      phones: [phone("(415) 555-0132", "+14155550132", "work"), phone("+1 628 555 0187", "+16285550187", "mobile")],
      fields: {
        value: "$24,000",
        closeDate: "December 15, 2026",
        owner: "Dana Rep",
        stage: "Proposal made",
        contactName: "Ana Ruiz",
        personEmail: "ana@ruiz.example",
      },
    },
  ])("reads $file", ({ file, phones, fields, ...rest }) => {
    const { document, location } = loadFixture("pipedrive", file);
    const record = readPipedriveRecord(document, location);
    expect(CrmRecord.parse(record)).toEqual(record);
    expect(record).toMatchObject({ source: "pipedrive", ...rest });
    expect(record!.phones.map(withoutFoundBy)).toEqual(phones);
    for (const phone of record!.phones) expect(phone.foundBy).toMatchObject({ reader: "pipedrive", layer: "site" });
    expect(record!.fields).toMatchObject(fields);
  });

  it("ignores the hidden inline editor's copy of a number", () => {
    const { document, location } = loadFixture("pipedrive", "person-several-phones.html");
    expect(JSON.stringify(readPipedriveRecord(document, location))).not.toContain("0999");
  });

  it("returns null on the pipeline board", () => {
    const { document, location } = loadFixture("pipedrive", "pipeline.html");
    expect(readPipedriveRecord(document, location)).toBeNull();
  });
});
