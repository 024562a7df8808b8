import { describe, expect, it } from "vitest";
import { renderTemplate, templateVariables, variableLabel, type TemplateContext } from "../../src/core/template";
import type { Contact, User } from "../../src/protocol/entities";
import type { CrmRecord } from "../../src/protocol/record";

const at = "2026-11-01T10:00:00.000Z";
const contact = (name: string | null, attributes: Record<string, string> = {}): Contact => ({
  id: "ct_1",
  phoneNumber: "+14155550123",
  name,
  attributes,
  optedOutAt: null,
  optOutMessageId: null,
  createdAt: at,
  updatedAt: at,
});
const agent: User = { id: "usr_1", email: "alice@demo.test", name: "Alice Chen", role: "agent" };
const record: CrmRecord = {
  source: "salesforce",
  kind: "contact",
  name: "Maria Garcia",
  company: "Garcia Landscaping",
  url: "https://acme.lightning.force.com/lightning/r/Contact/003/view",
  phones: [{ raw: "(415) 555-0123", e164: "+14155550123", label: "mobile", extension: null }],
  fields: { Title: "Owner", city: "San Francisco", empty: "  " },
};

describe("renderTemplate", () => {
  it.each<[string, string, TemplateContext, string, string[]]>([
    ["first name from contact attributes", "Hi {{contact.firstName}}", { contact: contact("M G", { firstName: "Maria" }) }, "Hi Maria", []],
    ["first name split from the contact's name", "Hi {{contact.firstName}}", { contact: contact("Maria Garcia") }, "Hi Maria", []],
    ["last name split from the contact's name", "{{contact.lastName}}", { contact: contact("Maria de la Cruz") }, "de la Cruz", []],
    ["first name from the record when the contact has no name", "Hi {{contact.firstName}}", { contact: contact(null), record }, "Hi Maria", []],
    ["contact attribute by key", "in {{contact.city}}", { contact: contact("Maria", { city: "SF" }) }, "in SF", []],
    ["contact phone formatted", "{{contact.phone}}", { contact: contact("Maria") }, "(415) 555-0123", []],
    ["agent first name, name and email", "{{agent.firstName}} / {{agent.name}} / {{agent.email}}", { agent }, "Alice / Alice Chen / alice@demo.test", []],
    ["record company, name and kind", "{{record.company}} {{record.name}} {{record.kind}}", { record }, "Garcia Landscaping Maria Garcia contact", []],
    ["record field case-insensitively", "{{record.title}} in {{record.City}}", { record }, "Owner in San Francisco", []],
    ["spaces inside the braces", "Hi {{ contact.firstName }}", { contact: contact("Maria") }, "Hi Maria", []],
    ["missing contact name is reported", "Hi {{contact.firstName}}", { contact: contact(null) }, "Hi {{contact.firstName}}", ["contact.firstName"]],
    [
      "missing record (no CRM page) is reported",
      "Quote for {{record.company}}",
      { contact: contact("Maria") },
      "Quote for {{record.company}}",
      ["record.company"],
    ],
    ["a blank field counts as missing", "{{record.empty}}", { record }, "{{record.empty}}", ["record.empty"]],
    ["an unknown scope is missing", "{{deal.amount}}", { record }, "{{deal.amount}}", ["deal.amount"]],
    ["a variable used twice is reported once", "{{agent.firstName}} {{agent.firstName}}", {}, "{{agent.firstName}} {{agent.firstName}}", ["agent.firstName"]],
    ["text without variables is unchanged", "Thanks! See you {soon}.", {}, "Thanks! See you {soon}.", []],
  ])("%s", (_name, body, ctx, text, missing) => {
    expect(renderTemplate(body, ctx)).toEqual({ text, missing });
  });

  it.each([
    "record.constructor",
    "contact.__proto__",
    "record.toString",
    "contact.hasOwnProperty",
    "agent.constructor",
    "record.valueOf",
    "contact.__defineGetter__",
  ])("%s is a plain name: missing, not Object.prototype's member", (variable) => {
    const body = `Hi {{${variable}}}`;
    const ctx = { contact: contact("Maria", { city: "SF" }), record, agent };
    expect(renderTemplate(body, ctx)).toEqual({ text: body, missing: [variable] });
    expect(renderTemplate(body, { contact: contact("Maria") })).toEqual({ text: body, missing: [variable] });
  });

  it("fills a field that is really named constructor", () => {
    const fields = JSON.parse('{"constructor": "Acme Builders", "__proto__": "odd"}') as Record<string, string>;
    expect(renderTemplate("{{record.constructor}} / {{record.__proto__}}", { record: { ...record, fields } }).text).toBe("Acme Builders / odd");
  });

  it("fills missing variables with the values the rep typed", () => {
    const out = renderTemplate(
      "Hi {{contact.firstName}}, quote for {{record.company}}",
      { contact: contact(null) },
      {
        "contact.firstName": "Sam",
        "record.company": "Sam's Deli",
      },
    );
    expect(out).toEqual({ text: "Hi Sam, quote for Sam's Deli", missing: [] });
  });

  it("does not interpret a value as another template", () => {
    const out = renderTemplate("Hi {{contact.firstName}}", { contact: contact("{{agent.email}}") }, {});
    expect(out.text).toBe("Hi {{agent.email}}");
  });
});

describe("templateVariables and variableLabel", () => {
  it("lists distinct variables in order", () => {
    expect(templateVariables("{{a.b}} {{contact.firstName}} {{a.b}}")).toEqual(["a.b", "contact.firstName"]);
  });
  it.each([
    ["contact.firstName", "Contact first name"],
    ["record.company", "Record company"],
    ["record.close_date", "Record close date"],
  ])("labels %s as %s", (variable, label) => expect(variableLabel(variable)).toBe(label));
});

describe("renderTemplate without a CRM record", () => {
  it("fills record.* from the contact's attributes (popup, no record open)", () => {
    const c = contact("Maria Garcia", { company: "Garcia Landscaping" });
    expect(renderTemplate("Quote for {{record.company}}", { contact: c })).toEqual({ text: "Quote for Garcia Landscaping", missing: [] });
  });
});
