// What a claimed batch's jobs read, read once for the whole batch: its messages, their conversations, those
// conversations' contacts and inboxes, the contacts' CRM people already linked, and the CRM records already made
// for its entities — a few queries per batch instead of nine per text (each query costs CPU on the server's one
// thread, and the log shares it with ingest). A link made during the batch (a new contact's sync) is not here:
// the job then looks in the database (crm-contact-sync.ts).
import type { Executor } from "../../db/executor";
import type { Contact, Conversation, Message } from "../../../src/protocol/entities";
import { findContactsByIds } from "../../contacts/contacts.repository";
import { findInboxes } from "../../inboxes/inboxes.repository";
import { toMessage } from "../../messages/messages.repository";
import { toConversation } from "../../conversations/conversations.repository";
import type { LinkedPerson } from "./crm-contact-sync";
import { crmDb } from "./crm.schema";

export interface BatchReads {
  message(id: string): Message | null;
  conversation(id: string): Conversation | null;
  contact(id: string): Contact | null;
  /** The inbox's number (the business side of a logged text). */
  inboxNumber(id: string): string | null;
  /** The contact's CRM person in this connection, linked before the batch was read. */
  link(connectionId: string, contactId: string): LinkedPerson | null;
  /** The CRM record made earlier for this entity in this connection, if any. */
  record(connectionId: string, entityId: string): string | null;
}

export async function readBatch(db: Executor, jobs: Array<{ kind: string; entityId: string }>): Promise<BatchReads> {
  const messageIds = jobs.filter((j) => j.kind === "message").map((j) => j.entityId);
  const messages = new Map(
    messageIds.length ? (await db.selectFrom("message").selectAll().where("id", "in", messageIds).execute()).map((r) => [r.id, toMessage(r)] as const) : [],
  );
  const conversationIds = [
    ...new Set([...[...messages.values()].map((m) => m.conversationId), ...jobs.filter((j) => j.kind === "transcript").map((j) => j.entityId)]),
  ];
  const conversations = new Map(
    conversationIds.length
      ? (await db.selectFrom("conversation").selectAll().where("id", "in", conversationIds).execute()).map((r) => [r.id, toConversation(r)] as const)
      : [],
  );
  const contactIds = [...new Set([...conversations.values()].map((c) => c.contactId))];
  const inboxIds = [...new Set([...conversations.values()].map((c) => c.inboxId))];
  const [contacts, inboxes, links] = contactIds.length
    ? await Promise.all([
        findContactsByIds(db, contactIds),
        findInboxes(db, inboxIds),
        crmDb(db)
          .selectFrom("crmContactLink")
          .select(["connectionId", "contactId", "crmType", "crmId", "companyId"])
          .where("contactId", "in", contactIds)
          .execute(),
      ])
    : [[], [], []];
  const contactById = new Map(contacts.map((c) => [c.id, c]));
  const inboxNumbers = new Map(inboxes.map((i) => [i.id, i.phoneNumber]));
  const linkOf = new Map(links.map(({ connectionId, contactId, ...person }) => [`${connectionId}:${contactId}`, person]));
  const entityIds = [...new Set(jobs.map((j) => j.entityId))];
  const records = new Map(
    (await crmDb(db).selectFrom("crmRecord").select(["connectionId", "entityId", "crmRecordId"]).where("entityId", "in", entityIds).execute()).map(
      (r) => [`${r.connectionId}:${r.entityId}`, r.crmRecordId] as const,
    ),
  );
  return {
    message: (id) => messages.get(id) ?? null,
    conversation: (id) => conversations.get(id) ?? null,
    contact: (id) => contactById.get(id) ?? null,
    inboxNumber: (id) => inboxNumbers.get(id) ?? null,
    link: (connectionId, contactId) => linkOf.get(`${connectionId}:${contactId}`) ?? null,
    record: (connectionId, entityId) => records.get(`${connectionId}:${entityId}`) ?? null,
  };
}
