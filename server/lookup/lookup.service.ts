// The side panel's first question: "what do we have for this number?". The number comes from a CRM page in
// any format; the answer holds only conversations in the user's inboxes, and the contact only when the user
// sees one of its conversations or nobody has talked to it yet; its name and attributes only where it was
// introduced to one of the user's inboxes (contacts/contact-profile.ts).
import { toE164 } from "../../src/core/phone";
import type { AuthedUser } from "../auth/authenticate";
import type { ServerContext } from "../context";
import { AppError } from "../errors";
import { findContactByPhone } from "../contacts/contacts.repository";
import { contactSeenBy } from "../contacts/contact-profile";
import { conversationsWithContact } from "../conversations/conversations.repository";

export async function lookUpNumber(ctx: ServerContext, user: AuthedUser, query: { phone: string; country?: string }) {
  const { db } = ctx.database;
  const phone = toE164(query.phone, query.country);
  if (!phone) throw new AppError("validation_failed", `"${query.phone}" is not a phone number`, [{ path: "/phone", message: "not a possible phone number" }]);
  const contact = await findContactByPhone(db, phone);
  if (!contact) return { phone, contact: null, conversations: [] };
  const all = await conversationsWithContact(db, contact.id);
  const visible = all.filter((c) => user.inboxIds.includes(c.inboxId));
  if (all.length === 0) return { phone, contact, conversations: [] };
  return { phone, contact: visible.length > 0 ? await contactSeenBy(db, user, contact) : null, conversations: visible };
}
