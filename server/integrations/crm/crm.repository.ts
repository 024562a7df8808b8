// The SQL the CRM work reads and writes besides connections and jobs: the events the fan-out turns into
// jobs, the messages and notes a log entry is made of, and the remembered CRM person of each contact.
import type { Insertable } from "kysely";
import type { Executor } from "../../db/executor";
import { positionColumn } from "../../events/events.repository";
import { crmDb, type CrmContactLinkTable } from "./crm.schema";

/** The events that may ask for CRM work, past `from` up to `head`, in feed order. */
export function crmEventsAfter(db: Executor, from: number, head: number, limit: number) {
  const col = positionColumn(db) as "seq";
  return db
    .selectFrom("event")
    .selectAll()
    .where(col, ">", from)
    .where(col, "<=", head)
    .where("type", "in", ["conversation.created", "conversation.updated", "message.created", "message.updated", "note.created"])
    .orderBy(col)
    .limit(limit)
    .execute();
}

export const findContactLink = (db: Executor, connectionId: string, contactId: string) =>
  crmDb(db).selectFrom("crmContactLink").selectAll().where("connectionId", "=", connectionId).where("contactId", "=", contactId).executeTakeFirst();

/** Remembers (or replaces) which CRM person a contact is in a connection. */
export async function saveContactLink(db: Executor, row: Insertable<CrmContactLinkTable>): Promise<void> {
  await crmDb(db)
    .insertInto("crmContactLink")
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(["connectionId", "contactId"])
        .doUpdateSet({ crmType: row.crmType, crmId: row.crmId, companyId: row.companyId, url: row.url, syncedAt: row.syncedAt }),
    )
    .execute();
}

/** A conversation's messages and notes, oldest first, up to `limit` of each: what its transcript is made of. */
export async function transcriptRows(db: Executor, conversationId: string, limit: number) {
  const messages = await db.selectFrom("message").selectAll().where("conversationId", "=", conversationId).orderBy("createdAt").limit(limit).execute();
  const notes = await db.selectFrom("note").selectAll().where("conversationId", "=", conversationId).orderBy("createdAt").limit(limit).execute();
  return { messages, notes };
}

/** The ids of a conversation's messages and notes: the entities a CRM log status is kept for. */
export async function loggableIdsOf(db: Executor, conversationId: string): Promise<string[]> {
  const [messages, notes] = await Promise.all([
    db.selectFrom("message").select("id").where("conversationId", "=", conversationId).execute(),
    db.selectFrom("note").select("id").where("conversationId", "=", conversationId).execute(),
  ]);
  return [...messages, ...notes].map((r) => r.id);
}

export const messageInboxOf = (db: Executor, id: string) => db.selectFrom("message").select("inboxId").where("id", "=", id).executeTakeFirst();

export const noteInboxOf = (db: Executor, id: string) => db.selectFrom("note").select("inboxId").where("id", "=", id).executeTakeFirst();

export const noteConversationOf = (db: Executor, id: string) => db.selectFrom("note").select("conversationId").where("id", "=", id).executeTakeFirst();

export const findNoteRow = (db: Executor, id: string) => db.selectFrom("note").selectAll().where("id", "=", id).executeTakeFirst();

export const userNameOf = (db: Executor, id: string) => db.selectFrom("user").select("name").where("id", "=", id).executeTakeFirst();

export const userEmailOf = async (db: Executor, id: string | null) =>
  id ? ((await db.selectFrom("user").select("email").where("id", "=", id).executeTakeFirst())?.email ?? null) : null;
