// Which tags one contact.updated event added: its tags less those of the contact's previous contact.updated
// event in the feed (whoever wrote it: a teammate, the API, a reported event, CRM sync or a rule). Events carry
// the whole contact, so the one before says what it had (index event_contact).
import type { Executor } from "../db/executor";
import { positionColumn } from "../events/events.repository";

export async function tagsAdded(db: Executor, contactId: string, tags: readonly string[], position: number): Promise<string[]> {
  const col = positionColumn(db) as "seq";
  const previous = await db
    .selectFrom("event")
    .select("data")
    .where("contactId", "=", contactId)
    .where("type", "=", "contact.updated")
    .where(col, "<", position)
    .orderBy(col, "desc")
    .limit(1)
    .executeTakeFirst();
  const before = new Set<string>(previous ? ((JSON.parse(previous.data) as { tags?: string[] }).tags ?? []) : []);
  return tags.filter((t) => !before.has(t));
}
