// A rule's "assign": to a user, round robin among the inbox's members, the fewest open, or the CRM record's
// owner. The owner is known when a CRM integration filled the contact's `crmOwnerEmail` (server/integrations/
// crm: HubSpot's owners API); that email must be a teammate in the inbox, else the rule's fallback runs and
// the run log says why.
import type { Rule, RuleAction } from "../../src/protocol/automations";
import type { Conversation } from "../../src/protocol/entities";
import type { Tx } from "../events/transaction";
import { findContactById } from "../contacts/contacts.repository";
import { updateConversation } from "../conversations/conversations.repository";
import { usersByEmail } from "../users/users.repository";
import { AUTOMATION } from "./actions";
import { activeMemberIds, lastRoundRobin, openCounts, saveRoundRobin } from "./routing.repository";
import { availableMemberIds } from "./availability";

type Assign = Extract<RuleAction, { type: "assign" }>;
type Pick = "roundRobin" | "fewestOpen";

export async function assignAction(tx: Tx, rule: Rule, action: Assign, c: Conversation, at: Date): Promise<string> {
  let userId: string | null;
  let why = "";
  if (action.to === "user") userId = action.userId ?? null;
  else if (action.to !== "crmOwner") userId = await pickAssignee(tx, rule, action.to, c.inboxId, at);
  else {
    const owner = await crmOwnerOf(tx, c);
    if ("userId" in owner) userId = owner.userId;
    else {
      const fallback = action.fallback ?? "unassigned";
      if (fallback === "unassigned") return `assign: left unassigned, ${owner.why}`;
      userId = await pickAssignee(tx, rule, fallback, c.inboxId, at);
      why = ` (${fallback === "roundRobin" ? "round robin" : "fewest open"}: ${owner.why})`;
    }
  }
  if (!userId) return `assign: nobody available in this inbox${why}`;
  if (c.assigneeId === userId) return `assign: already assigned to ${userId}${why}`;
  const next = await updateConversation(tx.db, c, { assigneeId: userId });
  await tx.emit("conversation.updated", next, { actorId: AUTOMATION, action: "assigned" });
  return `assigned to ${userId}${action.to === "crmOwner" && !why ? ", the CRM record's owner" : why}`;
}

/** The teammate who owns the contact's CRM record, or why there is none. */
async function crmOwnerOf(tx: Tx, c: Conversation): Promise<{ userId: string } | { why: string }> {
  const contact = await findContactById(tx.db, c.contactId);
  const email = contact?.attributes.crmOwnerEmail?.trim().toLowerCase();
  if (!email) return { why: contact?.attributes.crmOwnerId ? "the CRM owner's email is not known" : "no CRM record owner is known for this contact" };
  const [user] = await usersByEmail(tx.db, [email]);
  if (!user) return { why: `the CRM owner ${email} is not a teammate` };
  if (!(await activeMemberIds(tx.db, c.inboxId)).includes(user.id)) return { why: `the CRM owner ${email} is not an active member of this inbox` };
  return { userId: user.id };
}

/** Round robin: the available member after the last one this rule picked (members come and go); else the fewest open. */
async function pickAssignee(tx: Tx, rule: Rule, how: Pick, inboxId: string, at: Date): Promise<string | null> {
  const members = await availableMemberIds(tx.db, inboxId, at); // signed in, not away, within hours (./availability.ts)
  if (members.length === 0) return null;
  if (how === "roundRobin") {
    const last = await lastRoundRobin(tx.db, rule.id);
    const next = members.find((id) => last === null || id > last) ?? members[0];
    await saveRoundRobin(tx.db, rule.id, next);
    return next;
  }
  const counts = await openCounts(tx.db, members);
  return members.reduce((best, id) => ((counts.get(id) ?? 0) < (counts.get(best) ?? 0) ? id : best), members[0]);
}
