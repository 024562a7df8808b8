// The side panel's first question: "what do we have for this number?". The number comes from a CRM page in
// any format; the answer holds only conversations in the user's inboxes, and the contact only when the user
// sees one of its conversations or nobody has talked to it yet; its name and attributes only where it was
// introduced to one of the user's inboxes (contacts/contact-profile.ts).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { LookupQuery, LookupResponse } from "../../src/protocol/api";
import { failures } from "../openapi/failures";
import { toE164 } from "../../src/core/phone";
import { currentUser } from "../auth/auth.plugin";
import { AppError } from "../errors";
import { findContactByPhone } from "../contacts/contacts.repository";
import { contactSeenBy } from "../contacts/contact-profile";
import { toConversation } from "../conversations/conversations.repository";

export async function lookupRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx.database;

  app.get("/lookup", {
    schema: {
      tags: ["conversations"],
      summary: "Find the contact and conversations for a phone number written any way",
      description: "country (default US) says how to read a national number.",
      querystring: LookupQuery,
      response: { 200: LookupResponse, ...failures() },
    },
  }, async (req) => {
    const user = currentUser(req);
    const phone = toE164(req.query.phone, req.query.country);
    if (!phone) throw new AppError("validation_failed", `"${req.query.phone}" is not a phone number`, [{ path: "/phone", message: "not a possible phone number" }]);
    const contact = await findContactByPhone(db, phone);
    if (!contact) return { phone, contact: null, conversations: [] };
    const all = await db.selectFrom("conversation").selectAll().where("contactId", "=", contact.id).orderBy("lastMessageAt", "desc").execute();
    const visible = all.filter((c) => user.inboxIds.includes(c.inboxId)).map(toConversation);
    if (all.length === 0) return { phone, contact, conversations: [] };
    return { phone, contact: visible.length > 0 ? await contactSeenBy(db, user, contact) : null, conversations: visible };
  });
}
