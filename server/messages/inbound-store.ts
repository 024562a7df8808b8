// The reads and writes of one inbound message, behind one small interface: receiveInbound's rules are
// written once, and run through prepared statements on SQLite (inbound-store.sqlite.ts) or in batches that
// share their round trips on PostgreSQL (inbound-batch.postgres.ts), because ingest is the server's hottest
// path; the Kysely store remains for any other database.
import type { Contact, Conversation, Message } from "../../src/protocol/entities";
import type { ServerContext } from "../context";
import { inTransaction, type Tx } from "../events/transaction";
import { findOrCreateContact, updateContact } from "../contacts/contacts.repository";
import { findOrCreateConversation, updateConversation } from "../conversations/conversations.repository";
import { helpTextOf } from "../inboxes/inboxes.repository";
import { simulatorScope, type SimulatorScope } from "../simulator/simulator.repository";
import { findMessageByCarrierId, insertMessage, type NewMessage } from "./messages.repository";
import { inSqliteTransaction } from "./group-commit";
import { inPostgresBatch, type IngestKeys } from "./inbound-batch.postgres";

export type ContactChanges = Partial<Pick<Contact, "optedOutAt" | "optOutMessageId">>;
export type ConversationChanges = Partial<Pick<Conversation, "status" | "snoozedUntil" | "lastMessageAt" | "lastInboundAt" | "preview">>;

export interface InboundStore {
  findMessageByCarrierId(inboxId: string, carrierMessageId: string): Promise<Message | null>;
  /** The inbox's help text, or null when there is no such inbox. */
  helpTextOf(inboxId: string): Promise<string | null>;
  /** What the simulator's rules read (simulator.service.ts); undefined when there is no such inbox. */
  simulatorScope(inboxId: string, e164: string): Promise<SimulatorScope | undefined>;
  findOrCreateContact(e164: string): Promise<{ contact: Contact; created: boolean }>;
  findOrCreateConversation(inboxId: string, contactId: string): Promise<{ conversation: Conversation; created: boolean }>;
  insertMessage(input: NewMessage): Promise<Message>;
  updateContact(contact: Contact, changes: ContactChanges): Promise<Contact>;
  updateConversation(conversation: Conversation, changes: ConversationChanges): Promise<Conversation>;
  emit: Tx["emit"];
}

/**
 * Runs `work` in one transaction on the fastest store for this database; events are published after commit.
 * `keys` names what it will read, so that PostgreSQL reads it ahead with the other messages of its batch.
 */
export function withInboundStore<T>(ctx: ServerContext, work: (store: InboundStore) => Promise<T>, keys: IngestKeys | null = null): Promise<T> {
  if (ctx.database.sqlite) return inSqliteTransaction(ctx.database, ctx.bus, work);
  if (ctx.database.dialect === "postgres") return inPostgresBatch(ctx, keys, work);
  return inTransaction(ctx.database.db, ctx.bus, (tx) => work(kyselyStore(tx)));
}

const kyselyStore = (tx: Tx): InboundStore => ({
  findMessageByCarrierId: (inboxId, carrierMessageId) => findMessageByCarrierId(tx.db, inboxId, carrierMessageId),
  helpTextOf: (inboxId) => helpTextOf(tx.db, inboxId),
  simulatorScope: (inboxId, e164) => simulatorScope(tx.db, inboxId, e164),
  findOrCreateContact: (e164) => findOrCreateContact(tx.db, e164),
  findOrCreateConversation: (inboxId, contactId) => findOrCreateConversation(tx.db, inboxId, contactId),
  insertMessage: (input) => insertMessage(tx.db, input),
  updateContact: (contact, changes) => updateContact(tx.db, contact, changes),
  updateConversation: (conversation, changes) => updateConversation(tx.db, conversation, changes),
  emit: tx.emit,
});
