// Which tags one contact.updated event added: the tag rows written with the contact's change share its
// updatedAt (server/contacts/contact-tags.repository.ts), so the event itself says nothing more is needed.
import type { Executor } from "../db/executor";

export async function tagsAddedAt(db: Executor, contactId: string, at: string): Promise<string[]> {
  const rows = await db.selectFrom("contactTag").select("tag").where("contactId", "=", contactId).where("createdAt", "=", at).execute();
  return rows.map((r) => r.tag);
}
