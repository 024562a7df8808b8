import type { Selectable } from "kysely";
import type { Conversation } from "../../src/protocol/entities";
import { forWrite, type Executor } from "../db/executor";
import type { ConversationTable } from "../db/schema";
import { newId, now } from "../ids";

export const toConversation = (r: Selectable<ConversationTable>): Conversation => ({
  id: r.id,
  inboxId: r.inboxId,
  contactId: r.contactId,
  status: r.status as Conversation["status"],
  assigneeId: r.assigneeId,
  snoozedUntil: r.snoozedUntil,
  lastMessageAt: r.lastMessageAt,
  lastInboundAt: r.lastInboundAt,
  preview: r.preview,
  readBy: JSON.parse(r.readBy),
  lastDeliveryFailureAt: r.lastDeliveryFailureAt ?? null,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export async function findConversationById(db: Executor, id: string): Promise<Conversation | null> {
  // In a transaction (a change to build from), locked on PostgreSQL: see forWrite.
  const row = await forWrite(db, db.selectFrom("conversation").selectAll().where("id", "=", id)).executeTakeFirst();
  return row ? toConversation(row) : null;
}

export async function findConversation(db: Executor, inboxId: string, contactId: string): Promise<Conversation | null> {
  const row = await forWrite(
    db,
    db.selectFrom("conversation").selectAll().where("inboxId", "=", inboxId).where("contactId", "=", contactId),
  ).executeTakeFirst();
  return row ? toConversation(row) : null;
}

/** The one conversation of a contact in an inbox, created (open, unassigned) on first message. */
export async function findOrCreateConversation(db: Executor, inboxId: string, contactId: string): Promise<{ conversation: Conversation; created: boolean }> {
  const existing = await findConversation(db, inboxId, contactId);
  if (existing) return { conversation: existing, created: false };
  const at = now();
  const row = {
    id: newId("conv"),
    inboxId,
    contactId,
    status: "open",
    assigneeId: null,
    snoozedUntil: null,
    lastMessageAt: null,
    lastInboundAt: null,
    preview: "",
    readBy: "{}",
    lastDeliveryFailureAt: null,
    createdAt: at,
    updatedAt: at,
  };
  // Two first texts racing (several instances, or a writer outside the event lock): one insert wins, the other reads it.
  const inserted = await db
    .insertInto("conversation")
    .values(row)
    .onConflict((oc) => oc.columns(["inboxId", "contactId"]).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 1) === 0) return { conversation: (await findConversation(db, inboxId, contactId))!, created: false };
  return { conversation: toConversation(row), created: true };
}

type Changes = Partial<Omit<Conversation, "id" | "inboxId" | "contactId" | "createdAt" | "updatedAt">>;

/** Writes the changed fields and returns the whole new conversation (what its event carries). */
export async function updateConversation(db: Executor, conversation: Conversation, changes: Changes): Promise<Conversation> {
  const next: Conversation = { ...conversation, ...changes, updatedAt: now() };
  const { readBy, id, inboxId, contactId, createdAt, ...rest } = next;
  await db
    .updateTable("conversation")
    .set({ ...rest, readBy: JSON.stringify(readBy) })
    .where("id", "=", id)
    .execute();
  return next;
}

/** Every conversation with the contact, in any inbox, latest first. */
export async function conversationsWithContact(db: Executor, contactId: string): Promise<Conversation[]> {
  const rows = await db.selectFrom("conversation").selectAll().where("contactId", "=", contactId).orderBy("lastMessageAt", "desc").execute();
  return rows.map(toConversation);
}

/** The conversations of these inboxes, most recently active first (a bootstrap's snapshot), at most `limit`. */
export async function recentConversations(db: Executor, inboxIds: string[], limit: number): Promise<Conversation[]> {
  if (inboxIds.length === 0) return [];
  const rows = await db
    .selectFrom("conversation")
    .selectAll()
    .where("inboxId", "in", inboxIds)
    .orderBy((eb) => eb.fn.coalesce("lastMessageAt", "createdAt"), "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map(toConversation);
}

/** Snoozed conversations whose time is up at `at`, at most `limit`. */
export const findDueSnoozed = (db: Executor, at: string, limit: number) =>
  db.selectFrom("conversation").selectAll().where("status", "=", "snoozed").where("snoozedUntil", "<=", at).limit(limit).execute();

/** Opens it only if it is still snoozed until `snoozedUntil`; true when it did. */
export async function openIfStillSnoozed(db: Executor, id: string, snoozedUntil: string | null): Promise<boolean> {
  const still = await db
    .updateTable("conversation")
    .set({ status: "open" })
    .where("id", "=", id)
    .where("status", "=", "snoozed")
    .where("snoozedUntil", "=", snoozedUntil)
    .executeTakeFirst();
  return Number(still.numUpdatedRows) === 1;
}

/** Every conversation's inbox and contact, oldest first (a contact's first conversation introduced it). */
export const conversationPlaces = (db: Executor) =>
  db.selectFrom("conversation").select(["id", "inboxId", "contactId", "lastInboundAt"]).orderBy("createdAt").orderBy("id").execute();

/** A conversation as it is, in any state (the demo seed). */
export async function insertConversation(db: Executor, conversation: Conversation): Promise<void> {
  await db
    .insertInto("conversation")
    .values({ ...conversation, readBy: JSON.stringify(conversation.readBy) })
    .execute();
}
