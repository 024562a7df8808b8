// The inbound store on PostgreSQL: what a batch of inbound messages reads comes from one locking read made
// before any of them runs (inbound-batch.postgres.ts), and what they write is kept here and written in one
// statement at the end. A message's work therefore costs no round trip of its own; anything it asks that was
// not read ahead is read on the spot (correct, only slower). Each message works in its own scope, merged
// into the batch's only when it succeeds: a message that fails leaves nothing behind, like a savepoint.
import type { Contact, Conversation, Message } from "../../src/protocol/entities";
import type { EventOf, EventType, SidetextEvent } from "../../src/protocol/events";
import { eventScope } from "../events/transaction";
import { newId, now } from "../ids";
import type { InboundStore } from "./inbound-store";
import type { SimulatorScope } from "../simulator/simulator.repository";

const key = (...parts: string[]) => parts.join("\u0000");

type KnownMap = "messages" | "helpTexts" | "simulatorScopes" | "contacts" | "conversations";

/** What a batch knows (read ahead, or written by its earlier messages) and what it will write. */
export class BatchState {
  messages = new Map<string, Message | null>();
  helpTexts = new Map<string, string | null>();
  /** By inbox and number; null: no such inbox. */
  simulatorScopes = new Map<string, SimulatorScope | null>();
  contacts = new Map<string, Contact | null>();
  conversations = new Map<string, Conversation | null>();
  /** Final state of every contact and conversation written, and whether it is new. */
  contactWrites = new Map<string, { contact: Contact; created: boolean }>();
  conversationWrites = new Map<string, { conversation: Conversation; created: boolean }>();
  newMessages: Message[] = [];
  events: Array<{
    type: string;
    action: string | null;
    actorId: string | null;
    inboxId: string | null;
    contactId: string | null;
    conversationId: string | null;
    data: string;
    createdAt: string;
  }> = [];
  emitted: SidetextEvent[] = [];

  constructor(readonly parent: BatchState | null = null) {}

  lookup<V>(map: KnownMap, k: string): V | null | undefined {
    const own = (this[map] as Map<string, V | null>).get(k);
    return own !== undefined || !this.parent ? own : this.parent.lookup<V>(map, k);
  }

  /** Whether the contact or conversation `id` is inserted by this batch (so its final state is an insert). */
  created(writes: "contactWrites" | "conversationWrites", id: string): boolean {
    return this[writes].get(id)?.created ?? this.parent?.created(writes, id) ?? false;
  }

  /** Puts this message's reads and writes into the batch (it succeeded). */
  mergeInto(batch: BatchState) {
    for (const name of ["messages", "helpTexts", "simulatorScopes", "contacts", "conversations", "contactWrites", "conversationWrites"] as const) {
      for (const [k, v] of this[name] as Map<string, unknown>) (batch[name] as Map<string, unknown>).set(k, v);
    }
    batch.newMessages.push(...this.newMessages);
    batch.events.push(...this.events);
    batch.emitted.push(...this.emitted);
  }
}

/** Reads on the spot for what was not read ahead; each row found is locked like those read ahead. */
export interface MissReader {
  message(inboxId: string, carrierMessageId: string): Promise<Message | null>;
  helpText(inboxId: string): Promise<string | null>;
  simulatorScope(inboxId: string, e164: string): Promise<SimulatorScope | null>;
  contact(e164: string): Promise<Contact | null>;
  conversation(inboxId: string, contactId: string): Promise<Conversation | null>;
}

export function postgresStore(scope: BatchState, read: MissReader): InboundStore {
  const known = async <V>(map: KnownMap, k: string, miss: () => Promise<V | null>): Promise<V | null> => {
    const found = scope.lookup<V>(map, k);
    if (found !== undefined) return found;
    const value = await miss();
    (scope[map] as Map<string, V | null>).set(k, value);
    return value;
  };
  return {
    findMessageByCarrierId: (inboxId, carrierMessageId) => known("messages", key(inboxId, carrierMessageId), () => read.message(inboxId, carrierMessageId)),
    helpTextOf: (inboxId) => known("helpTexts", inboxId, () => read.helpText(inboxId)),
    simulatorScope: async (inboxId, e164) =>
      (await known<SimulatorScope>("simulatorScopes", key(inboxId, e164), () => read.simulatorScope(inboxId, e164))) ?? undefined,
    async findOrCreateContact(e164) {
      const found = await known<Contact>("contacts", e164, () => read.contact(e164));
      if (found) return { contact: found, created: false };
      const at = now();
      const contact: Contact = {
        id: newId("ct"),
        phoneNumber: e164,
        name: null,
        attributes: {},
        optedOutAt: null,
        optOutMessageId: null,
        createdAt: at,
        updatedAt: at,
      };
      scope.contacts.set(e164, contact);
      scope.contactWrites.set(contact.id, { contact, created: true });
      return { contact, created: true };
    },
    async findOrCreateConversation(inboxId, contactId) {
      const k = key(inboxId, contactId);
      // A contact created in this batch has no conversation but those the batch made: nothing to read.
      const batchOnly = scope.created("contactWrites", contactId) && scope.lookup("conversations", k) === undefined;
      const found = batchOnly ? null : await known<Conversation>("conversations", k, () => read.conversation(inboxId, contactId));
      if (found) return { conversation: found, created: false };
      const at = now();
      const conversation: Conversation = {
        id: newId("conv"),
        inboxId,
        contactId,
        status: "open",
        assigneeId: null,
        snoozedUntil: null,
        lastMessageAt: null,
        lastInboundAt: null,
        preview: "",
        readBy: {},
        lastDeliveryFailureAt: null,
        createdAt: at,
        updatedAt: at,
      };
      scope.conversations.set(k, conversation);
      scope.conversationWrites.set(conversation.id, { conversation, created: true });
      return { conversation, created: true };
    },
    async insertMessage(input) {
      const at = now();
      const message: Message = {
        id: newId("msg"),
        carrierMessageId: null,
        errorCode: null,
        errorReason: null,
        deliveryOverdue: false,
        createdAt: at,
        updatedAt: at,
        ...input,
      };
      scope.newMessages.push(message);
      if (message.carrierMessageId) scope.messages.set(key(message.inboxId, message.carrierMessageId), message);
      return message;
    },
    async updateContact(contact, changes) {
      const next: Contact = { ...contact, ...changes, updatedAt: now() };
      scope.contacts.set(next.phoneNumber, next);
      scope.contactWrites.set(next.id, { contact: next, created: scope.created("contactWrites", next.id) });
      return next;
    },
    async updateConversation(conversation, changes) {
      const next: Conversation = { ...conversation, ...changes, updatedAt: now() };
      scope.conversations.set(key(next.inboxId, next.contactId), next);
      scope.conversationWrites.set(next.id, { conversation: next, created: scope.created("conversationWrites", next.id) });
      return next;
    },
    async emit<T extends EventType>(type: T, data: EventOf<T>["data"], meta: { actorId?: string | null; action?: EventOf<T>["action"] } = {}) {
      const createdAt = now();
      const actorId = meta.actorId ?? null;
      const action = meta.action ?? null;
      scope.events.push({ type, action, actorId, ...eventScope(type, data as Record<string, unknown>), data: JSON.stringify(data), createdAt });
      // The position is given after commit (cluster/sequencer.ts).
      const event = { seq: 0, type, createdAt, actorId, action, data } as EventOf<T>;
      scope.emitted.push(event);
      return event;
    },
  };
}
