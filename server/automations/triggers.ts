// Whether an event is a rule's trigger, and for which conversation and text (engine.ts runs the rules it is; the
// dry run replays the feed through the same checks).
import type { Rule } from "../../src/protocol/automations";
import type { SidetextEvent } from "../../src/protocol/events";
import type { ServerContext } from "../context";
import { conversationsWithContact } from "../conversations/conversations.repository";
import { isFirstInbound } from "./automations.repository";
import { sqliteFirstInboundIds } from "./engine-reads.sqlite.repository";
import { tagsAdded } from "./tags-added.repository";

/**
 * The feed type of an event another app reported about a contact (`POST /v1/events`, server/integrations/events:
 * `lead.created`, `appointment.booked`…). Its data carries the contact and the event's own type; the rule acts
 * on the contact's latest conversation (the inbox condition narrows which inboxes count).
 */
const INBOUND_EVENT_FEED_TYPE = "contact.event_recorded";

export interface Trigger {
  conversationId: string;
  body: string | null;
}

export type FirstInbound = (conversationId: string, messageId: string) => boolean;

/**
 * The stretch's conversations' first inbound texts, read in one statement when a "first text" rule first asks (a
 * rule of another inbox asks for every text: its conditions come after its trigger). The stretch's texts are
 * committed before the engine reads them, so each one's conversation's first text is among what is read.
 */
export function firstInboundOnce(sqlite: NonNullable<ServerContext["database"]["sqlite"]>, ids: string[]): FirstInbound {
  let firsts: Map<string, string | null> | null = null;
  return (conversationId, messageId) => {
    firsts ??= sqliteFirstInboundIds(sqlite, ids);
    const first = firsts.has(conversationId) ? firsts.get(conversationId) : sqliteFirstInboundIds(sqlite, [conversationId]).get(conversationId);
    return first === messageId;
  };
}

/**
 * Whether the event is this rule's trigger: the conversation it concerns and the text it carries. `first`: the engine
 * stretch's read of first texts on SQLite (firstInboundOnce); a query per text otherwise.
 */
export async function triggerOf(ctx: ServerContext, rule: Rule, event: SidetextEvent, first: FirstInbound | null = null): Promise<Trigger | null> {
  const t = rule.trigger;
  switch (event.type) {
    case "message.created": {
      const m = event.data;
      if (m.direction !== "inbound") return null;
      const hit = { conversationId: m.conversationId, body: m.body };
      if (t.type === "message.inbound")
        return !t.first || (first ? first(m.conversationId, m.id) : await isFirstInbound(ctx.database.db, m.conversationId, m.id)) ? hit : null;
      if (t.type === "keyword") {
        const body = m.body.trim().toLowerCase();
        const word = t.keyword.toLowerCase();
        return (t.match === "exact" ? body === word : body.includes(word)) ? hit : null;
      }
      return null;
    }
    case "conversation.created":
      return t.type === "conversation.created" ? { conversationId: event.data.id, body: null } : null;
    case "conversation.updated": {
      const c = event.data;
      if (t.type === "conversation.assigned" && event.action === "assigned") return { conversationId: c.id, body: null };
      const statusChange =
        event.action === "opened" || event.action === "pending" || event.action === "snoozed" || event.action === "resolved" || event.action === "reopened";
      if (t.type === "conversation.status" && statusChange && (!t.to || t.to === c.status)) return { conversationId: c.id, body: null };
      return null;
    }
    case "contact.updated": {
      // "Contact tag added": the tags this change added (a rule's own tagging never gets here: loop-proof).
      if (t.type !== "contact.tagAdded" || !event.data.tags?.length) return null;
      const added = await tagsAdded(ctx.database.db, event.data.id, event.data.tags, event.seq);
      if (!(t.tag ? added.includes(t.tag) : added.length > 0)) return null;
      return latestConversationOf(ctx, rule, event.data.id);
    }
    case "sla.breached":
      // A customer waited past the inbox's SLA target (server/analytics/sla-breaches.ts).
      return t.type === "sla.breached" && (!t.kind || t.kind === event.data.kind) ? { conversationId: event.data.conversationId, body: null } : null;
    default: {
      const data = (event as { type: string; data: Record<string, unknown> }).data;
      if ((event.type as string) !== INBOUND_EVENT_FEED_TYPE || t.type !== "event" || data.type !== t.eventType) return null;
      if (t.at) return null; // a time in the event's data: a timer fires it (./timers.ts)
      if (typeof data.contactId !== "string") return null;
      return latestConversationOf(ctx, rule, data.contactId);
    }
  }
}

/** A contact's event acts on their latest conversation in the rule's inboxes. */
async function latestConversationOf(ctx: ServerContext, rule: Rule, contactId: string): Promise<Trigger | null> {
  const inboxes = rule.conditions.find((c) => c.type === "inbox")?.inboxIds;
  const latest = (await conversationsWithContact(ctx.database.db, contactId)).find((c) => !inboxes || inboxes.includes(c.inboxId));
  return latest ? { conversationId: latest.id, body: null } : null;
}
