// An audit row reads only its entity's id off a conversation's or contact's stored JSON (no JSON.parse, the
// export's hot path): the row must be the one a full parse gives, and any text not written as JSON.stringify
// writes an entity (id not first, not a plain string, escaped) must still be parsed.
import { expect, it } from "vitest";
import type { AuditEventRow } from "../../server/audit/audit.repository";
import { toAuditRow, type RetentionCut } from "../../server/audit/audit-rows";

const event = (type: string, data: string, contactId: string | null = "con_1"): AuditEventRow => ({
  seq: 7,
  type,
  action: "updated",
  actorId: "usr_1",
  inboxId: "inb_1",
  conversationId: "cnv_1",
  contactId,
  data,
  createdAt: "2026-05-01T10:00:00.000Z",
  actorName: "Ann",
  inboxName: "Main",
  locationId: "loc_1",
  locationName: "Uptown",
  contactName: "Cara",
  contactPhone: "+16505550100",
  conversationContactId: "con_1",
  conversationContactName: "Cara",
  conversationContactPhone: "+16505550100",
});

const keep: RetentionCut = { mode: "keep", cutoff: null };
/** The same entity with `id` last: only a full parse reads it. */
const idLast = (json: string) => {
  const { id, ...rest } = JSON.parse(json) as Record<string, unknown>;
  return JSON.stringify({ ...rest, id });
};
const withoutData = ({ data: _data, ...row }: ReturnType<typeof toAuditRow>) => row;

it("gives a conversation's and a contact's row from the id alone, the same as a full parse", () => {
  const cases = [
    event("conversation.updated", JSON.stringify({ id: "cnv_1", status: "resolved", preview: "see you", readBy: {} })),
    event("conversation.transferred", JSON.stringify({ id: "cnv_9", inboxId: "inb_2", preview: "" })),
    event("contact.updated", JSON.stringify({ id: "con_1", name: "Cara", tags: [] })),
    // No contactId on the event: the target is the entity's id.
    event("contact.updated", JSON.stringify({ id: "con_2", name: "Dee" }), null),
  ];
  for (const e of cases) {
    const fast = toAuditRow(e, keep);
    expect(fast.data).toBe(e.data);
    expect(withoutData(fast)).toEqual(withoutData(toAuditRow({ ...e, data: idLast(e.data) }, keep)));
  }
  expect(toAuditRow(cases[1], keep).target).toEqual({ kind: "conversation", id: "cnv_9", label: "Conversation with Cara (+16505550100)" });
  expect(toAuditRow(cases[3], keep).target).toEqual({ kind: "contact", id: "con_2", label: "Cara (+16505550100)" });
});

it("parses what does not start with a plain string id", () => {
  expect(toAuditRow(event("contact.updated", '{"id":"con_\\"q","name":"x"}', null), keep).target.id).toBe('con_"q');
  expect(toAuditRow(event("contact.updated", '{"id":"con_\\u0041","name":"x"}', null), keep).target.id).toBe("con_A");
  expect(toAuditRow(event("contact.updated", '{"name":"x","id":"con_3"}', null), keep).target.id).toBe("con_3");
  expect(toAuditRow(event("conversation.updated", '{"id":7}'), keep).target.id).toBe("");
});

it("still takes a conversation's preview out when retention removes bodies", () => {
  const e = event("conversation.updated", JSON.stringify({ id: "cnv_1", preview: "secret" }));
  const row = toAuditRow(e, { mode: "redact", cutoff: "2027-01-01T00:00:00.000Z" });
  expect(JSON.parse(row.data)).toEqual({ id: "cnv_1", preview: "" });
});
