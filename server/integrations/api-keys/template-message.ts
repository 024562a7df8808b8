// A text from a saved template: the template (one the sender may use: workspace-wide or of an inbox they are
// in) filled from the contact of `to` when known and from `variables`; any variable still empty is a 400
// naming it, never a text with "{{contact.firstName}}" in it. Its media go along.
import type { ServerContext } from "../../context";
import type { AuthedUser } from "../../auth/authenticate";
import type { NewConversationDraft } from "../../messages/send-message";
import type { TemplateMessageBody } from "../../../src/protocol/template-message";
import { renderTemplate } from "../../../src/core/template";
import { toE164 } from "../../../src/core/phone";
import { AppError, notFound } from "../../errors";
import { findTemplateById } from "../../templates/templates.repository";
import { findContactByPhone } from "../../contacts/contacts.repository";

export async function draftFromTemplate(ctx: ServerContext, user: AuthedUser, req: TemplateMessageBody): Promise<NewConversationDraft> {
  const { db } = ctx.database;
  const template = await findTemplateById(db, req.templateId);
  if (!template || (template.inboxId !== null && !user.inboxIds.includes(template.inboxId))) throw notFound("Template");
  const phone = toE164(req.to, req.country);
  const contact = phone ? await findContactByPhone(db, phone) : null;
  const { text, missing } = renderTemplate(template.body, { contact, agent: user }, req.variables);
  if (missing.length > 0)
    throw new AppError(
      "validation_failed",
      `variables: give a value for ${missing.join(", ")}`,
      missing.map((v) => ({ path: `/variables/${v}`, message: "no value" })),
    );
  return {
    inboxId: req.inboxId,
    to: req.to,
    country: req.country,
    body: text,
    mediaIds: template.media.flatMap((m) => (m.id ? [m.id] : [])),
    clientId: req.clientId,
  };
}
