// What a fired rule does to its conversation. Every change is written and recorded in the feed like a
// teammate's, but with the actor AUTOMATION: the engine never reacts to those events, so one rule cannot
// trigger another (or itself) in a loop. A send's clientId is the rule and its trigger, so a retried run
// stores the message once (the message_client unique index).
import type { Conversation } from "../../src/protocol/entities";
import type { RuleAction, Rule } from "../../src/protocol/automations";
import { renderTemplate } from "../../src/core/template";
import type { ServerContext } from "../context";
import { inTransaction, type Tx } from "../events/transaction";
import { newId } from "../ids";
import { findContactById } from "../contacts/contacts.repository";
import { findConversationById, updateConversation } from "../conversations/conversations.repository";
import { findMessageByClientId, insertMessage } from "../messages/messages.repository";
import { previewOf } from "../messages/preview";
import { insertNote } from "../notes/notes.repository";
import { findTemplateById } from "../templates/templates.repository";
import { findUserById } from "../users/users.repository";
import { feedHead } from "../push/push-jobs.repository";
import { isQuiet, windowOpensAt, zonesOf } from "./quiet-hours";
import { quietHoursOf } from "./quiet-hours.repository";
import { insertScheduledSend } from "./scheduled-sends.repository";
import { activeMemberIds, claimRun, lastRoundRobin, openCounts, saveRoundRobin, setRunDetail } from "./automations.repository";

/** The actor of every automated change; events by it trigger no rule. */
export const AUTOMATION = "automation";

/**
 * Fires the rule on the conversation: claims its run (unique rule + trigger) and runs the actions in order, in
 * one transaction — of several instances exactly one claims it, and a crash leaves either all of it or none
 * (retried then). False when another run already claimed this trigger. The run log keeps one line per action.
 */
export async function fireRule(ctx: ServerContext, rule: Rule, conversationId: string, triggerKey: string, at: Date): Promise<boolean> {
  const fired = await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const run = { ruleId: rule.id, triggerKey, conversationId, outcome: "fired" as const, detail: [] };
    if (!(await claimRun(tx.db, run, at.toISOString()))) return false;
    const done: string[] = [];
    for (const action of rule.actions) {
      const conversation = await findConversationById(tx.db, conversationId);
      done.push(conversation ? await perform(tx, rule, action, conversation, triggerKey, at) : `${action.type}: the conversation is gone`);
    }
    await setRunDetail(tx.db, rule.id, triggerKey, done);
    return true;
  });
  if (fired && rule.actions.some((a) => a.type === "sendTemplate" || a.type === "sendText")) ctx.nudgeDelivery();
  return fired;
}

const change = async (tx: Tx, c: Conversation, changes: Partial<Conversation>, action: "assigned" | "opened" | "pending" | "resolved" | "snoozed") => {
  const next = await updateConversation(tx.db, c, changes);
  await tx.emit("conversation.updated", next, { actorId: AUTOMATION, action });
};

async function perform(tx: Tx, rule: Rule, action: RuleAction, c: Conversation, key: string, at: Date): Promise<string> {
  switch (action.type) {
    case "assign": {
      const userId = action.to === "user" ? (action.userId ?? null) : await pickAssignee(tx, rule, action.to, c.inboxId);
      if (!userId) return "assign: nobody available in this inbox";
      if (c.assigneeId === userId) return `assign: already assigned to ${userId}`;
      await change(tx, c, { assigneeId: userId }, "assigned");
      return `assigned to ${userId}`;
    }
    case "setStatus":
      if (c.status === action.status) return `status: already ${action.status}`;
      await change(tx, c, { status: action.status, snoozedUntil: null }, action.status === "open" ? "opened" : action.status);
      return `status set to ${action.status}`;
    case "snooze": {
      const until = new Date(at.getTime() + action.minutes * 60_000).toISOString();
      await change(tx, c, { status: "snoozed", snoozedUntil: until }, "snoozed");
      return `snoozed until ${until}`;
    }
    case "addNote": {
      const note = {
        id: newId("note"),
        conversationId: c.id,
        inboxId: c.inboxId,
        authorId: AUTOMATION,
        body: action.body,
        mentions: [],
        createdAt: at.toISOString(),
      };
      await insertNote(tx.db, note);
      await tx.emit("note.created", note, { actorId: AUTOMATION, action: "created" });
      return "note added";
    }
    case "sendTemplate": {
      const template = await findTemplateById(tx.db, action.templateId);
      if (!template) return "send: the template was deleted";
      if (template.inboxId && template.inboxId !== c.inboxId) return `send: template "${template.name}" belongs to another inbox`;
      return send(tx, rule, { body: template.body, said: `sent template "${template.name}"` }, c, `${key}:${action.templateId}`, at);
    }
    case "sendText":
      return send(tx, rule, { body: action.body, said: "sent the rule's text" }, c, `${key}:text`, at);
  }
}

async function send(tx: Tx, rule: Rule, what: { body: string; said: string }, c: Conversation, key: string, at: Date): Promise<string> {
  const contact = await findContactById(tx.db, c.contactId);
  if (contact?.optedOutAt) return "send skipped: the contact opted out";
  const agent = c.assigneeId ? ((await findUserById(tx.db, c.assigneeId)) ?? null) : null;
  const { text, missing } = renderTemplate(what.body, { contact, agent });
  if (missing.length > 0) return `send skipped: no value for ${missing.join(", ")}`;
  const clientId = `auto:${rule.id}:${key}`;
  if (await findMessageByClientId(tx.db, AUTOMATION, clientId)) return `send: already sent for this trigger`;
  const quiet = await quietHoursOf(tx.db);
  const zones = quiet.enabled && contact ? await zonesOf(contact) : [];
  if (isQuiet(quiet, zones, at)) {
    const opens = windowOpensAt(quiet, zones, at);
    if (!opens) return "send skipped: quiet hours all the next two days where the recipient is";
    const sendAt = opens.toISOString();
    const base = { conversationId: c.id, inboxId: c.inboxId, authorId: AUTOMATION, body: text, sendAt, clientId, at: at.toISOString() };
    await insertScheduledSend(tx.db, { ...base, cancelOn: rule.cancelOn, afterPosition: await feedHead(tx.db) });
    return `quiet hours where the recipient is (${zones.join(", ")}): waits until ${sendAt}`;
  }
  await queueAutomatedText(tx, c, text, clientId);
  return what.said;
}

/** Queues a text written by automation (a rule's send, or one that waited for quiet hours to end). */
export async function queueAutomatedText(tx: Tx, c: Conversation, text: string, clientId: string) {
  const message = await insertMessage(tx.db, {
    conversationId: c.id,
    inboxId: c.inboxId,
    contactId: c.contactId,
    direction: "outbound",
    status: "queued",
    body: text,
    media: [],
    authorId: AUTOMATION,
    clientId,
  });
  await tx.emit("message.created", message, { actorId: AUTOMATION, action: "created" });
  const next = await updateConversation(tx.db, c, { lastMessageAt: message.createdAt, preview: previewOf(message) });
  await tx.emit("conversation.updated", next, { actorId: AUTOMATION, action: null });
  return message;
}

/** Round robin: the member after the last one this rule picked (members come and go); else the fewest open. */
async function pickAssignee(tx: Tx, rule: Rule, how: "roundRobin" | "fewestOpen", inboxId: string): Promise<string | null> {
  const members = await activeMemberIds(tx.db, inboxId);
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
