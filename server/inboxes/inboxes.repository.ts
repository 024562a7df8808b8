import type { Insertable, Selectable, Updateable } from "kysely";
import type { Inbox } from "../../src/protocol/entities";
import type { Executor } from "../db/executor";
import type { InboxTable } from "../db/schema";

/** The API's view of an inbox: carrier credentials never leave the server. */
const toInbox = (r: Selectable<InboxTable> & { locationName: string | null }, memberIds: string[]): Inbox => ({
  id: r.id,
  name: r.name,
  phoneNumber: r.phoneNumber,
  carrier: r.carrier as Inbox["carrier"],
  helpText: r.helpText,
  memberIds,
  locationId: r.locationId,
  locationName: r.locationName ?? r.locationId,
  createdAt: r.createdAt,
});

/** Inboxes by id with their members, in name order; an empty list reads nothing. */
export async function findInboxes(db: Executor, ids: readonly string[]): Promise<Inbox[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("inbox")
    .leftJoin("location", "location.id", "inbox.locationId")
    .selectAll("inbox")
    .select("location.name as locationName")
    .where("inbox.id", "in", ids)
    .orderBy("inbox.name")
    .orderBy("inbox.id")
    .execute();
  const members = await db.selectFrom("inboxMember").select(["inboxId", "userId"]).where("inboxId", "in", ids).orderBy("userId").execute();
  return rows.map((r) =>
    toInbox(
      r,
      members.filter((m) => m.inboxId === r.id).map((m) => m.userId),
    ),
  );
}

export async function findInboxById(db: Executor, id: string): Promise<Inbox | null> {
  const [inbox] = await findInboxes(db, [id]);
  return inbox ?? null;
}

export async function isInboxMember(db: Executor, inboxId: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom("inboxMember").select("userId").where("inboxId", "=", inboxId).where("userId", "=", userId).executeTakeFirst();
  return !!row;
}

export async function insertInbox(db: Executor, row: Insertable<InboxTable>): Promise<void> {
  await db.insertInto("inbox").values(row).execute();
}

/** The inbox's help text (the HELP keyword's reply), or null when there is no such inbox. */
export async function helpTextOf(db: Executor, id: string): Promise<string | null> {
  return (await db.selectFrom("inbox").select("helpText").where("id", "=", id).executeTakeFirst())?.helpText ?? null;
}

export const findInboxCarrier = (db: Executor, id: string) =>
  db.selectFrom("inbox").select(["id", "carrier", "locationId"]).where("id", "=", id).executeTakeFirst();

export async function updateInboxRow(db: Executor, id: string, set: Updateable<InboxTable>): Promise<void> {
  await db.updateTable("inbox").set(set).where("id", "=", id).execute();
}

export async function inboxIdWithNumber(db: Executor, phoneNumber: string): Promise<string | undefined> {
  return (await db.selectFrom("inbox").select("id").where("phoneNumber", "=", phoneNumber).executeTakeFirst())?.id;
}

/** The inbox named by its id or its phone number (the CLI takes either). */
export async function inboxIdByIdOrNumber(db: Executor, ref: string): Promise<string | undefined> {
  return (
    await db
      .selectFrom("inbox")
      .select("id")
      .where((eb) => eb.or([eb("id", "=", ref), eb("phoneNumber", "=", ref)]))
      .executeTakeFirst()
  )?.id;
}

export async function memberIdsOf(db: Executor, inboxId: string): Promise<string[]> {
  return (await db.selectFrom("inboxMember").select("userId").where("inboxId", "=", inboxId).execute()).map((m) => m.userId);
}

export async function replaceMembers(db: Executor, inboxId: string, userIds: string[]): Promise<void> {
  await db.deleteFrom("inboxMember").where("inboxId", "=", inboxId).execute();
  if (userIds.length > 0) await addMembers(db, inboxId, userIds);
}

/** Adds members who are not members yet (at least one). */
export async function addMembers(db: Executor, inboxId: string, userIds: string[]): Promise<void> {
  await db
    .insertInto("inboxMember")
    .values(userIds.map((userId) => ({ inboxId, userId })))
    .execute();
}

export async function allInboxIdsByName(db: Executor): Promise<string[]> {
  return (await db.selectFrom("inbox").select("id").orderBy("name").execute()).map((r) => r.id);
}

/** The inbox with its sealed carrier credentials: for the carrier clients and the webhooks only, never the API. */
export const findInboxWithCredentials = (db: Executor, id: string) =>
  db.selectFrom("inbox").select(["id", "carrier", "phoneNumber", "credentialsEncrypted"]).where("id", "=", id).executeTakeFirst();

export async function inboxesWithCredentials(db: Executor) {
  const rows = await db.selectFrom("inbox").select(["id", "credentialsEncrypted"]).where("credentialsEncrypted", "is not", null).execute();
  return rows.map((r) => ({ id: r.id, credentialsEncrypted: r.credentialsEncrypted! }));
}

/** Seals again only if the credentials are still those read (`before`). */
export async function resealCredentials(db: Executor, id: string, before: string, after: string): Promise<void> {
  await db.updateTable("inbox").set({ credentialsEncrypted: after }).where("id", "=", id).where("credentialsEncrypted", "=", before).execute();
}

/** Who is a member of what, for these users. */
export const membershipsOf = (db: Executor, userIds: string[]) =>
  db.selectFrom("inboxMember").select(["userId", "inboxId"]).where("userId", "in", userIds).execute();
