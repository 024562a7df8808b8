// A rule's "add tag" / "remove tag": the contacts service's change (server/contacts/contact-tags.ts), so it
// is one contact.updated event like a rep's, with the actor "automation" (no rule reacts to it: no loops).
import type { RuleAction } from "../../src/protocol/automations";
import type { Conversation } from "../../src/protocol/entities";
import { applyContactTags } from "../contacts/contact-tags";
import { findContactForUpdate } from "../contacts/contacts.repository";
import { AppError } from "../errors";
import type { Tx } from "../events/transaction";
import { AUTOMATION } from "./actions";

type TagAction = Extract<RuleAction, { type: "addTag" | "removeTag" }>;

export async function tagAction(tx: Tx, action: TagAction, c: Conversation): Promise<string> {
  const contact = await findContactForUpdate(tx.db, c.contactId);
  if (!contact) return "tag: the contact is gone";
  const adding = action.type === "addTag";
  try {
    const next = await applyContactTags(tx.db, contact, adding ? { add: [action.tag] } : { remove: [action.tag] });
    if (!next) return adding ? `tag: already tagged "${action.tag}"` : `tag: not tagged "${action.tag}"`;
    await tx.emit("contact.updated", next, { actorId: AUTOMATION, action: "updated" });
    return adding ? `tagged "${action.tag}"` : `removed tag "${action.tag}"`;
  } catch (err) {
    // Too many tags: the run says so instead of undoing the rule's other actions.
    if (err instanceof AppError) return `tag skipped: ${err.message}`;
    throw err;
  }
}
