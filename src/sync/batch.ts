// A batch is what one cache write applies: entities with the feed position they reflect. Feed events,
// bootstrap answers, thread pages and send answers all become batches, so one merge rule serves them all.
import type { Activity } from "../protocol/api";
import type { Contact, Conversation, Inbox, Message, Note, Template, User } from "../protocol/entities";
import type { SidetextEvent } from "../protocol/events";

export interface Versioned<T> {
  value: T;
  /** Feed position; 0 when unknown (a REST answer): then updatedAt decides. */
  seq: number;
}

export interface Batch {
  conversations: Versioned<Conversation>[];
  contacts: Versioned<Contact>[];
  messages: Versioned<Message>[];
  notes: Versioned<Note>[];
  templates: Versioned<Template>[];
  deletedTemplates: Versioned<Template>[];
  activities: Activity[];
  /** Opt-out/in lines, shown in every thread with that contact (resolved to conversations when written). */
  contactActivities: Array<Omit<Activity, "conversationId"> & { contactId: string }>;
  users?: User[];
  inboxes?: Inbox[];
  /** Feed position the cache reaches once this batch is written (never moves back). */
  cursor?: number;
}

export const emptyBatch = (): Batch => ({
  conversations: [],
  contacts: [],
  messages: [],
  notes: [],
  templates: [],
  deletedTemplates: [],
  activities: [],
  contactActivities: [],
});

// Activity lines as the server's timeline has them (server/messages/timeline.ts): triage changes of the
// conversation (not read positions), and the contact's opt-out/in.
const isTriage = (action: string | null) => action !== null && action !== "read";
const isOptChange = (action: string | null) => action === "opted_out" || action === "opted_in";

export function batchFromEvents(events: readonly SidetextEvent[], cursor?: number): Batch {
  const batch = emptyBatch();
  for (const event of events) {
    const seq = event.seq;
    switch (event.type) {
      case "conversation.created":
        batch.conversations.push({ value: event.data, seq });
        break;
      case "conversation.updated":
        batch.conversations.push({ value: event.data, seq });
        if (isTriage(event.action)) {
          batch.activities.push({
            seq,
            conversationId: event.data.id,
            action: event.action!,
            actorId: event.actorId,
            assigneeId: event.data.assigneeId,
            createdAt: event.createdAt,
          });
        }
        break;
      case "message.created":
      case "message.updated":
        batch.messages.push({ value: event.data, seq });
        break;
      case "note.created":
        batch.notes.push({ value: event.data, seq });
        break;
      case "contact.updated":
        batch.contacts.push({ value: event.data, seq });
        if (isOptChange(event.action)) {
          batch.contactActivities.push({
            seq,
            contactId: event.data.id,
            action: event.action!,
            actorId: event.actorId,
            assigneeId: null,
            createdAt: event.createdAt,
          });
        }
        break;
      case "template.created":
      case "template.updated":
        batch.templates.push({ value: event.data, seq });
        break;
      case "template.deleted":
        batch.deletedTemplates.push({ value: event.data, seq });
        break;
    }
  }
  const maxSeq = events.reduce((max, e) => Math.max(max, e.seq), 0);
  batch.cursor = Math.max(cursor ?? 0, maxSeq) || undefined;
  return batch;
}

/** Entities from a REST answer (no feed position). */
export function batchOf(
  parts: Partial<Record<"conversations" | "contacts" | "messages" | "notes" | "templates", unknown[]>> & { activities?: Activity[] },
  seq = 0,
): Batch {
  const batch = emptyBatch();
  const wrap = <T>(values: unknown[] | undefined) => (values ?? []).map((value) => ({ value: value as T, seq }));
  batch.conversations = wrap<Conversation>(parts.conversations);
  batch.contacts = wrap<Contact>(parts.contacts);
  batch.messages = wrap<Message>(parts.messages);
  batch.notes = wrap<Note>(parts.notes);
  batch.templates = wrap<Template>(parts.templates);
  batch.activities = parts.activities ?? [];
  return batch;
}
