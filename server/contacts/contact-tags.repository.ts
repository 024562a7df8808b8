// A contact's tags: the JSON copy on the contact row (carried with the contact everywhere) and one contactTag
// row per tag (the inbox list's filter), written together.
import type { Executor } from "../db/executor";

export async function writeContactTags(db: Executor, contactId: string, before: readonly string[], after: readonly string[], at: string) {
  const removed = before.filter((t) => !after.includes(t));
  const added = after.filter((t) => !before.includes(t));
  await db
    .updateTable("contact")
    .set({ tags: JSON.stringify(after), updatedAt: at })
    .where("id", "=", contactId)
    .execute();
  if (removed.length > 0) await db.deleteFrom("contactTag").where("contactId", "=", contactId).where("tag", "in", removed).execute();
  if (added.length > 0)
    await db
      .insertInto("contactTag")
      .values(added.map((tag) => ({ contactId, tag, createdAt: at })))
      .onConflict((oc) => oc.columns(["contactId", "tag"]).doNothing())
      .execute();
}
