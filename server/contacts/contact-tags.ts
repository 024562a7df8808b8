// Tagging a contact: from the thread header or contact card (a rep), the API (contacts:write keys), reported
// events (POST /v1/events contact.tags) and CRM sync (a field mapped to "tags"). Each change is one
// contact.updated event carrying the contact with its tags, so the feed, the stream and webhooks get it,
// scoped like any contact change (contact-profile.ts: tags are profile, hidden where it was not introduced).
import type { Contact } from "../../src/protocol/entities";
import { MAX_TAGS, Tag, type ContactTagsPatch } from "../../src/protocol/contact-tags";
import type { AuthedUser } from "../auth/authenticate";
import type { ServerContext } from "../context";
import type { Executor } from "../db/executor";
import { AppError, notFound } from "../errors";
import { inTransaction, type Tx } from "../events/transaction";
import { now } from "../ids";
import { contactSeenBy } from "./contact-profile";
import { contactsIntroducedTo, findContactForUpdate } from "./contacts.repository";
import { writeContactTags } from "./contact-tags.repository";

/** Tags as the CRM or a form spells them ("VIP; Wholesale", "vip,wholesale"), kept where valid. */
export function tagsFromText(text: string): string[] {
  return text
    .split(/[;,]/)
    .map((t) => Tag.safeParse(t))
    .flatMap((r) => (r.success ? [r.data] : []));
}

/** Adds and removes tags on a contact (no event: the caller emits one contact.updated for all its changes). Null when nothing changed. */
export async function applyContactTags(db: Executor, contact: Contact, patch: ContactTagsPatch): Promise<Contact | null> {
  const before = contact.tags ?? [];
  const removing = new Set(patch.remove ?? []);
  const after = [...new Set([...before, ...(patch.add ?? [])])].filter((t) => !removing.has(t));
  if (after.length > MAX_TAGS) throw new AppError("validation_failed", `A contact keeps at most ${MAX_TAGS} tags; remove some first.`);
  if (after.length === before.length && after.every((t, i) => t === before[i])) return null;
  const at = now();
  await writeContactTags(db, contact.id, before, after, at);
  // No `tags` at all once the last one goes, as the contact reads back (contacts.repository.ts toContact).
  const { tags: _before, ...rest } = contact;
  return { ...rest, ...(after.length > 0 ? { tags: after } : {}), updatedAt: at };
}

/** applyContactTags with its contact.updated event. Returns the contact as it is now. */
async function changeContactTags(tx: Tx, contact: Contact, patch: ContactTagsPatch, actorId: string | null): Promise<Contact> {
  const next = await applyContactTags(tx.db, contact, patch);
  if (next) await tx.emit("contact.updated", next, { actorId, action: "updated" });
  return next ?? contact;
}

/** Whether `user` may see (and so tag) the contact: admins and API keys any contact, an agent one introduced to their inboxes. */
async function mayTag(db: Executor, user: AuthedUser, contactId: string): Promise<boolean> {
  if (user.role !== "agent" || "apiKey" in user) return true;
  return (await contactsIntroducedTo(db, [contactId], user.inboxIds)).has(contactId);
}

export async function tagContact(ctx: ServerContext, user: AuthedUser, contactId: string, patch: ContactTagsPatch): Promise<Contact> {
  const next = await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const contact = await findContactForUpdate(tx.db, contactId);
    if (!contact || !(await mayTag(tx.db, user, contactId))) throw notFound("Contact");
    return changeContactTags(tx, contact, patch, user.id);
  });
  return contactSeenBy(ctx.database.db, user, next);
}
