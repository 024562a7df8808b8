// Which webhook event a feed event is, and the body an endpoint gets: the Standard Webhooks shape
// `{type, timestamp, data}` with the full current entity as `data`. The feed's event types are coarser
// (one conversation.updated for every change); its `action` says which change it was.
import type { SidetextEvent } from "../../../src/protocol/events";
import type { webhookEventTypes } from "../../../src/protocol/webhooks";
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** The webhook types a feed event is delivered as (none for the feed's own kinds, such as templates). */
export function webhookTypesOf(event: Pick<SidetextEvent, "type" | "action">): WebhookEventType[] {
  switch (event.type) {
    case "message.created":
    case "message.updated":
    case "note.created":
    case "conversation.created":
    case "sla.breached":
      return [event.type];
    case "conversation.updated":
      // Reading is a rep's own bookkeeping, not a change to the conversation other apps care about.
      if (event.action === "read") return [];
      if (event.action === "assigned" || event.action === "unassigned") return ["conversation.updated", "conversation.assigned"];
      if (event.action === "resolved") return ["conversation.updated", "conversation.resolved"];
      return ["conversation.updated"];
    case "contact.updated":
      if (event.action === "created") return ["contact.created"];
      if (event.action === "opted_out") return ["contact.updated", "contact.opted_out"];
      if (event.action === "opted_in") return ["contact.updated", "contact.opted_in"];
      return ["contact.updated"];
    default:
      return [];
  }
}

/** Deliveries of one key reach an endpoint in feed order: a conversation's, or a contact's. */
export function orderKeyOf(event: Pick<SidetextEvent, "type" | "data">): string {
  const data = event.data as { id: string; conversationId?: string };
  if (event.type.startsWith("conversation.")) return `cnv:${data.id}`;
  if (data.conversationId) return `cnv:${data.conversationId}`;
  return `${event.type.split(".")[0]}:${data.id}`;
}

export function webhookBody(type: WebhookEventType | "webhook.test", timestamp: string, data: unknown): string {
  return JSON.stringify({ type, timestamp, data });
}
