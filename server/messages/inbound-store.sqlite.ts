// The inbound store on SQLite: better-sqlite3 statements, prepared once per database and run without Kysely's
// query building and compiling on the hottest path (Kysely's own statements are cached too: db/statement-cache.ts).
// Transactions: group-commit.ts.
import { type Prepared, preparedOnce } from "../db/prepared-statements";
import type { Contact, Conversation, Message } from "../../src/protocol/entities";
import type { EventOf, EventType, SidetextEvent } from "../../src/protocol/events";
import { eventScope } from "../events/transaction";
import { toContact } from "../contacts/contacts.repository";
import { toConversation } from "../conversations/conversations.repository";
import { toMessage, type NewMessage } from "./messages.repository";
import { newId, now } from "../ids";
import type { InboundStore } from "./inbound-store";

const SQL = {
  begin: "BEGIN IMMEDIATE",
  commit: "COMMIT",
  rollback: "ROLLBACK",
  savepoint: "SAVEPOINT inbound",
  release: "RELEASE inbound",
  rollbackToSavepoint: "ROLLBACK TO inbound",
  messageByCarrierId: "SELECT * FROM message WHERE inboxId = ? AND carrierMessageId = ?",
  helpText: "SELECT helpText FROM inbox WHERE id = ?",
  // simulator/simulator.repository.ts simulatorScope, the same query.
  simulatorScope:
    "SELECT name, carrier, EXISTS (SELECT 1 FROM conversation JOIN contact ON contact.id = conversation.contactId JOIN inbox AS real ON real.id = conversation.inboxId WHERE contact.phoneNumber = ? AND real.carrier != 'simulator') AS textsARealInbox FROM inbox WHERE id = ?",
  contactByPhone: "SELECT * FROM contact WHERE phoneNumber = ?",
  insertContact:
    "INSERT INTO contact (id, phoneNumber, name, attributes, optedOutAt, optOutMessageId, createdAt, updatedAt) VALUES (@id, @phoneNumber, @name, @attributes, @optedOutAt, @optOutMessageId, @createdAt, @updatedAt)",
  updateContact: "UPDATE contact SET optedOutAt = @optedOutAt, optOutMessageId = @optOutMessageId, updatedAt = @updatedAt WHERE id = @id",
  conversation: "SELECT * FROM conversation WHERE inboxId = ? AND contactId = ?",
  insertConversation:
    "INSERT INTO conversation (id, inboxId, contactId, status, assigneeId, snoozedUntil, lastMessageAt, lastInboundAt, preview, readBy, lastDeliveryFailureAt, createdAt, updatedAt) VALUES (@id, @inboxId, @contactId, @status, @assigneeId, @snoozedUntil, @lastMessageAt, @lastInboundAt, @preview, @readBy, @lastDeliveryFailureAt, @createdAt, @updatedAt)",
  updateConversation:
    "UPDATE conversation SET status = @status, snoozedUntil = @snoozedUntil, lastMessageAt = @lastMessageAt, lastInboundAt = @lastInboundAt, preview = @preview, updatedAt = @updatedAt WHERE id = @id",
  insertMessage:
    "INSERT INTO message (id, conversationId, inboxId, contactId, direction, body, media, status, errorCode, errorReason, carrierMessageId, authorId, clientId, deliveryOverdue, sendAttempts, nextAttemptAt, createdAt, updatedAt) VALUES (@id, @conversationId, @inboxId, @contactId, @direction, @body, @media, @status, @errorCode, @errorReason, @carrierMessageId, @authorId, @clientId, 0, 0, @nextAttemptAt, @createdAt, @updatedAt)",
  insertEvent:
    "INSERT INTO event (type, action, actorId, inboxId, contactId, conversationId, data, createdAt) VALUES (@type, @action, @actorId, @inboxId, @contactId, @conversationId, @data, @createdAt)",
} as const;

export type Statements = Prepared<keyof typeof SQL>;
export const statementsFor = preparedOnce(SQL);

export function sqliteStore(s: Statements, emitted: SidetextEvent[]): InboundStore {
  return {
    async findMessageByCarrierId(inboxId, carrierMessageId) {
      const row = s.messageByCarrierId.get(inboxId, carrierMessageId) as Parameters<typeof toMessage>[0] | undefined;
      return row ? toMessage(row) : null;
    },
    async helpTextOf(inboxId) {
      return (s.helpText.get(inboxId) as { helpText: string } | undefined)?.helpText ?? null;
    },
    async simulatorScope(inboxId, e164) {
      const row = s.simulatorScope.get(e164, inboxId) as { name: string; carrier: string; textsARealInbox: number } | undefined;
      return row ? { name: row.name, carrier: row.carrier, textsARealInbox: Boolean(row.textsARealInbox) } : undefined;
    },
    async findOrCreateContact(e164) {
      const row = s.contactByPhone.get(e164) as Parameters<typeof toContact>[0] | undefined;
      if (row) return { contact: toContact(row), created: false };
      const at = now();
      const created = {
        id: newId("ct"),
        phoneNumber: e164,
        name: null,
        attributes: "{}",
        tags: "[]",
        optedOutAt: null,
        optOutMessageId: null,
        createdAt: at,
        updatedAt: at,
      };
      s.insertContact.run(created);
      return { contact: toContact(created), created: true };
    },
    async findOrCreateConversation(inboxId, contactId) {
      const row = s.conversation.get(inboxId, contactId) as Parameters<typeof toConversation>[0] | undefined;
      if (row) return { conversation: toConversation(row), created: false };
      const at = now();
      const created = {
        id: newId("conv"),
        inboxId,
        contactId,
        status: "open",
        assigneeId: null,
        snoozedUntil: null,
        lastMessageAt: null,
        lastInboundAt: null,
        preview: "",
        readBy: "{}",
        lastDeliveryFailureAt: null,
        createdAt: at,
        updatedAt: at,
      };
      s.insertConversation.run(created);
      return { conversation: toConversation(created), created: true };
    },
    async insertMessage(input: NewMessage) {
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
      const { deliveryOverdue, media, ...columns } = message;
      s.insertMessage.run({ ...columns, media: JSON.stringify(media), nextAttemptAt: message.status === "queued" ? at : null });
      return message;
    },
    async updateContact(contact, changes) {
      const next: Contact = { ...contact, ...changes, updatedAt: now() };
      s.updateContact.run({ id: next.id, optedOutAt: next.optedOutAt, optOutMessageId: next.optOutMessageId, updatedAt: next.updatedAt });
      return next;
    },
    async updateConversation(conversation, changes) {
      const next: Conversation = { ...conversation, ...changes, updatedAt: now() };
      const { id, status, snoozedUntil, lastMessageAt, lastInboundAt, preview, updatedAt } = next;
      s.updateConversation.run({ id, status, snoozedUntil, lastMessageAt, lastInboundAt, preview, updatedAt });
      return next;
    },
    async emit<T extends EventType>(type: T, data: EventOf<T>["data"], meta: { actorId?: string | null; action?: EventOf<T>["action"] } = {}) {
      const createdAt = now();
      const actorId = meta.actorId ?? null;
      const action = meta.action ?? null;
      const scope = eventScope(type, data as Record<string, unknown>);
      const { lastInsertRowid } = s.insertEvent.run({ type, action, actorId, ...scope, data: JSON.stringify(data), createdAt });
      const event = { seq: Number(lastInsertRowid), type, createdAt, actorId, action, data } as EventOf<T>;
      emitted.push(event);
      return event;
    },
  };
}
