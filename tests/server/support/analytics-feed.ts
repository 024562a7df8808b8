// Hand-built feed events for the analytics tests: conversations and messages of one inbox at chosen times,
// stored in the event table the way the server stores its own (same scope columns), so the real consumer
// reads them as it reads the server's.
import type { Kysely } from "kysely";
import type { Database } from "../../../server/db/schema";
import { insertEvent } from "../../../server/events/events.repository";
import { eventScope } from "../../../server/events/transaction";
import type { EventType } from "../../../src/protocol/events";

export function feedWriter(db: Kysely<Database>, inboxId: string) {
  let n = 0;
  const emit = (type: EventType, at: string, data: Record<string, unknown>, action: string | null = null) =>
    insertEvent(db, { type, action, actorId: null, ...eventScope(type, data), data: JSON.stringify(data), createdAt: at });
  const conversation = (id: string, contactId: string, at: string, patch: { status?: string; assigneeId?: string | null } = {}) => ({
    id,
    inboxId,
    contactId,
    status: patch.status ?? "open",
    assigneeId: patch.assigneeId ?? null,
    snoozedUntil: null,
    lastMessageAt: at,
    lastInboundAt: at,
    preview: "",
    readBy: {},
    lastDeliveryFailureAt: null,
    createdAt: at,
    updatedAt: at,
  });
  const message = (
    conversationId: string,
    contactId: string,
    at: string,
    direction: "inbound" | "outbound",
    authorId: string | null,
    body: string,
    id = `msg_${++n}`,
  ) => ({
    id,
    conversationId,
    inboxId,
    contactId,
    direction,
    body,
    media: [],
    status: direction === "inbound" ? "received" : "queued",
    errorCode: null,
    errorReason: null,
    carrierMessageId: null,
    authorId,
    clientId: null,
    deliveryOverdue: false,
    createdAt: at,
    updatedAt: at,
  });
  return {
    inbound: async (c: string, contact: string, at: string, body = "Hi there") =>
      emit("message.created", at, message(c, contact, at, "inbound", null, body), "created"),
    outbound: async (c: string, contact: string, at: string, authorId: string | null, body = "Thanks, on it", id?: string) => {
      await emit("message.created", at, message(c, contact, at, "outbound", authorId, body, id), "created");
      return id;
    },
    failed: (c: string, contact: string, at: string, id: string, authorId: string) =>
      emit("message.updated", at, { ...message(c, contact, at, "outbound", authorId, "x", id), status: "failed", errorCode: "30006" }),
    note: (c: string, at: string, authorId: string) =>
      emit("note.created", at, { id: `note_${++n}`, conversationId: c, inboxId, authorId, body: "internal", mentions: [], createdAt: at }, "created"),
    created: (c: string, contact: string, at: string) => emit("conversation.created", at, conversation(c, contact, at), "created"),
    updated: (c: string, contact: string, at: string, patch: { status?: string; assigneeId?: string | null }, action: string | null = null) =>
      emit("conversation.updated", at, conversation(c, contact, at, patch), action),
    optedOut: (contactId: string, at: string) =>
      emit(
        "contact.updated",
        at,
        { id: contactId, phoneNumber: "+12125550100", name: null, attributes: {}, optedOutAt: at, optOutMessageId: null, createdAt: at, updatedAt: at },
        "opted_out",
      ),
  };
}
