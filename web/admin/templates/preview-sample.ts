// The made-up customer and CRM record a template's preview is filled from, so an admin sees what a rep's
// customer would receive (and which variables would be asked for).
import type { Contact, User } from "../../../src/protocol/entities";
import type { CrmRecord } from "../../../src/protocol/record";
import type { TemplateContext } from "../../../src/core/template";

const sampleContact: Contact = {
  id: "sample",
  phoneNumber: "+14155550123",
  name: "Jordan Lee",
  attributes: {},
  optedOutAt: null,
  optOutMessageId: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
};
const sampleRecord: CrmRecord = {
  source: "generic",
  kind: "contact",
  name: "Jordan Lee",
  company: "Acme Dental",
  url: "https://crm.example.com/contacts/42",
  phones: [],
  fields: { email: "jordan@acme.example", city: "Oakland" },
};

export const previewContext = (me: User): TemplateContext => ({ contact: sampleContact, record: sampleRecord, agent: me });

/** The variables the insert buttons offer, as reps' templates use them most. */
export const commonVariables = ["contact.firstName", "contact.name", "record.company", "agent.firstName", "agent.name"];
