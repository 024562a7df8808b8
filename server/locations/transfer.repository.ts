// The SQL of moving a conversation to another location's inbox (transfer.ts).
import type { TransferTarget } from "../../src/protocol/locations";
import type { Executor } from "../db/executor";

/** Every inbox of every location, for the transfer picker: names and numbers only. */
export async function transferTargets(db: Executor): Promise<TransferTarget[]> {
  return db
    .selectFrom("inbox")
    .innerJoin("location", "location.id", "inbox.locationId")
    .select(["inbox.id as inboxId", "inbox.name as inboxName", "inbox.phoneNumber", "location.id as locationId", "location.name as locationName"])
    .orderBy("location.name")
    .orderBy("inbox.name")
    .execute();
}

export async function contactHasConversationIn(db: Executor, inboxId: string, contactId: string): Promise<boolean> {
  return !!(await db.selectFrom("conversation").select("id").where("inboxId", "=", inboxId).where("contactId", "=", contactId).executeTakeFirst());
}

/** The conversation, its messages and its notes now belong to `inboxId`. */
export async function moveConversationRows(db: Executor, id: string, inboxId: string): Promise<void> {
  await db.updateTable("conversation").set({ inboxId }).where("id", "=", id).execute();
  await db.updateTable("message").set({ inboxId }).where("conversationId", "=", id).execute();
  await db.updateTable("note").set({ inboxId }).where("conversationId", "=", id).execute();
}

export const activeUsers = (db: Executor) => db.selectFrom("user").select(["id", "role"]).where("deactivatedAt", "is", null).execute();
