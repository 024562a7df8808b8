// POST /v1/messages with a template instead of a body: other apps (API keys) send a saved template with
// values for its variables. Strict, as in api.ts.
import { z } from "zod";

export const TemplateMessageBody = z.strictObject({
  inboxId: z.string().min(1).max(100),
  to: z.string().min(1).max(64),
  country: z.string().length(2).toUpperCase().optional(),
  templateId: z.string().min(1).max(100),
  /** Values for the template's variables ("contact.firstName": "Dana"); they win over the contact's own. */
  variables: z.record(z.string().min(1).max(100), z.string().max(1000)).default({}),
  clientId: z.string().min(1).max(100),
});
export type TemplateMessageBody = z.infer<typeof TemplateMessageBody>;
