// What a fired rule does to its conversation. Every change is written and recorded in the feed like a
// teammate's, but with the actor AUTOMATION: the engine never reacts to those events, so one rule cannot
// trigger another (or itself) in a loop. A send's clientId is the rule and its trigger, so a retried run
// stores the message once (the message_client unique index). Assign, tags, webhooks and sequence steps have
// their own files beside this one.
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
import { nudgeWebhooks } from "../integrations/webhooks/start-webhooks";
import { assignAction } from "./assign-action";
import { claimRun, setRunDetail, type RunClaim } from "./automations.repository";
import { scheduleStep } from "./sequences";
import { tagAction } from "./tag-actions";
import { webhookAction } from "./webhook-action";

/** The actor of every automated change; events by it trigger no rule. */
export const AUTOMATION = "automation";

/**
 * Fires the rule on the conversation: claims its run (unique rule + trigger) and runs the actions in order, in
 * one transaction — of several instances exactly one claims it, and a crash leaves either all of it or none
 * (retried then). A "wait" ends the transaction's part: the rest is a sequence step, due later
 * (./sequences.ts). False when another run already claimed this trigger. The run log keeps one line per action.
 */
export async function fireRule(
  ctx: ServerContext,
  rule: Rule,
  conversationId: string,
  triggerKey: string,
  at: Date,
  /** Taken in the same transaction first (a due timer marked done): false = not ours, nothing is done. */
  claim?: (tx: Tx) => Promise<boolean>,
): Promise<boolean> {
  const fired = await inTransaction(ctx.database.db, ctx.bus, (tx) => fireIn(tx, rule, conversationId, triggerKey, at, { claim }));
  if (fired) nudgeFor(ctx, rule);
  return fired;
}

/** Where a fired rule's run-log line goes: Kysely, or the engine stretch's prepared statements (./run-log.sqlite.repository.ts). */
export interface RunLog {
  claim(run: RunClaim, at: string): boolean | Promise<boolean>;
  setDetail(ruleId: string, triggerKey: string, detail: string[]): void | Promise<void>;
}
const kyselyRunLog = (tx: Tx): RunLog => ({
  claim: (run, at) => claimRun(tx.db, run, at),
  setDetail: (ruleId, triggerKey, detail) => setRunDetail(tx.db, ruleId, triggerKey, detail),
});

interface FireOptions {
  /** Taken in the same transaction first (a due timer marked done): false = not ours, nothing is done. */
  claim?: (tx: Tx) => Promise<boolean>;
  runLog?: RunLog;
  /** The conversation as the caller just read it in this transaction: the first action needs no read of its own. */
  conversation?: Conversation;
}

/** fireRule's work inside a transaction the caller commits (many due timers in one); the caller nudges after commit. */
export async function fireIn(tx: Tx, rule: Rule, conversationId: string, triggerKey: string, at: Date, options: FireOptions = {}): Promise<boolean> {
  const run = { ruleId: rule.id, triggerKey, conversationId, outcome: "fired" as const, detail: [] };
  if (options.claim && !(await options.claim(tx))) return false;
  const log = options.runLog ?? kyselyRunLog(tx);
  if (!(await log.claim(run, at.toISOString()))) return false;
  const done = await runActions(tx, rule, conversationId, { runKey: triggerKey, key: triggerKey }, 0, at, options.conversation);
  await log.setDetail(rule.id, triggerKey, done);
  return true;
}

/** Wakes the senders a rule's actions queued work for (after commit). */
export function nudgeFor(ctx: ServerContext, rule: Rule) {
  if (rule.actions.some((a) => a.type === "sendTemplate" || a.type === "sendText")) ctx.nudgeDelivery();
  if (rule.actions.some((a) => a.type === "webhook")) nudgeWebhooks(ctx);
}

/**
 * Runs the rule's actions from index `from` up to the next wait, which schedules the rest as a step. `runKey`:
 * the first firing's trigger (the sequence's identity); `key`: this step's, which its sends' clientIds carry.
 */
export async function runActions(
  tx: Tx,
  rule: Rule,
  conversationId: string,
  keys: { runKey: string; key: string },
  from: number,
  at: Date,
  /** The conversation as just read in `tx` (the first action's); later ones read it again (an action may change it). */
  known?: Conversation,
) {
  const done: string[] = [];
  for (let i = from; i < rule.actions.length; i++) {
    const action = rule.actions[i];
    if (action.type === "wait") {
      done.push(await scheduleStep(tx, rule, { conversationId, runKey: keys.runKey, stepIndex: i + 1, minutes: action.minutes }, at));
      break;
    }
    const conversation = i === from && known?.id === conversationId ? known : await findConversationById(tx.db, conversationId);
    done.push(conversation ? await perform(tx, rule, action, conversation, keys.key, i, at) : `${action.type}: the conversation is gone`);
  }
  return done;
}

const change = async (tx: Tx, c: Conversation, changes: Partial<Conversation>, action: "opened" | "pending" | "resolved" | "snoozed") => {
  const next = await updateConversation(tx.db, c, changes);
  await tx.emit("conversation.updated", next, { actorId: AUTOMATION, action });
};

type StepAction = Exclude<RuleAction, { type: "wait" }>;

async function perform(tx: Tx, rule: Rule, action: StepAction, c: Conversation, key: string, index: number, at: Date): Promise<string> {
  switch (action.type) {
    case "assign":
      return assignAction(tx, rule, action, c, at);
    case "addTag":
    case "removeTag":
      return tagAction(tx, action, c);
    case "webhook":
      return webhookAction(tx, rule, action.endpointId, c, `${key}_${index}`, at);
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
