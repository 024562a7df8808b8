// The export's name look-ups (./export-names.ts): one query per kind for a page's ids not met yet.
import type { Executor } from "../db/executor";

export const usersNamed = (db: Executor, ids: string[]) => db.selectFrom("user").select(["id", "name"]).where("id", "in", ids).execute();

export const inboxesNamed = (db: Executor, ids: string[]) =>
  db
    .selectFrom("inbox")
    .leftJoin("location", "location.id", "inbox.locationId")
    .select(["inbox.id", "inbox.name", "location.id as locationId", "location.name as locationName"])
    .where("inbox.id", "in", ids)
    .execute();

export const conversationContacts = (db: Executor, ids: string[]) => db.selectFrom("conversation").select(["id", "contactId"]).where("id", "in", ids).execute();

export const contactsNamed = (db: Executor, ids: string[]) => db.selectFrom("contact").select(["id", "name", "phoneNumber"]).where("id", "in", ids).execute();
