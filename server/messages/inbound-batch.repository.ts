// The SQL of an inbound batch on PostgreSQL (inbound-batch.postgres.ts), sent on its pipelined connection
// (inbound-connection.postgres.ts), not through Kysely. Two statements per batch: rows travel as one JSON
// parameter per kind, so a batch of any size is one statement with a fixed text (planned once per session).
// Then the reads on the spot for what was not read ahead, and the sequencer turn sent behind the COMMIT.
import type { Contact, Conversation, Message } from "../../src/protocol/entities";
import { toContact } from "../contacts/contacts.repository";
import { toConversation } from "../conversations/conversations.repository";
import type { IngestKeys } from "./inbound-batch.postgres";
import type { BatchState, MissReader } from "./inbound-store.postgres";
import { SEQUENCE_FUNCTION } from "../db/migrations/030_event_position";
import { toMessage } from "./messages.repository";

import type { Query } from "./inbound-connection.postgres";

const key = (...parts: string[]) => parts.join("\u0000");

// Whether the number `phone` is a customer of an inbox on a real carrier (simulator/simulator.repository.ts simulatorScope).
const realCustomer = (phone: string) => `select 1 from conversation v join contact c on c.id = v."contactId" join inbox r on r.id = v."inboxId"
  where c."phoneNumber" = ${phone} and r.carrier <> 'simulator'`;

// Contacts, then conversations, are locked, each in id order (LockRows runs above the sort; the contacts are
// all read, and so locked, before the conversations' sort ends), so batches of several instances and other
// writers (contacts.repository.ts findContactForUpdate) wait for each other instead of deadlocking, and an
// event carries the contact and the conversation as the batch leaves them: a concurrent change made
// elsewhere (an opt-out by the carrier, a status change) is seen first, not overwritten nor sent stale.
const READ_AHEAD = `
with k as (select * from json_to_recordset($1::json) as k(inbox text, phone text, carrier text, simulated boolean)),
contacts as (select c.* from contact c where c."phoneNumber" in (select phone from k) order by c.id for update of c),
conversations as (
  select v.* from conversation v
  where (v."inboxId", v."contactId") in (select k.inbox, c.id from k join contacts c on c."phoneNumber" = k.phone)
  order by v.id for update of v),
messages as (select m.* from message m where (m."inboxId", m."carrierMessageId") in (select inbox, carrier from k)),
inboxes as (select id, "helpText" from inbox where id in (select inbox from k)),
simulated as (
  select k.inbox, k.phone, i.name, i.carrier, exists (${realCustomer("k.phone")}) as "textsARealInbox"
  from k join inbox i on i.id = k.inbox where k.simulated)
select (select coalesce(json_agg(contacts), '[]') from contacts) as contacts,
  (select coalesce(json_agg(conversations), '[]') from conversations) as conversations,
  (select coalesce(json_agg(messages), '[]') from messages) as messages,
  (select coalesce(json_agg(inboxes), '[]') from inboxes) as inboxes,
  (select coalesce(json_agg(simulated), '[]') from simulated) as simulated`;

/** Reads (and locks) what the batch's messages will ask for; a key with no row is remembered as absent. */
export async function readAhead(query: Query, batch: BatchState, keys: IngestKeys[]) {
  if (keys.length === 0) return;
  const [row] = await query(
    READ_AHEAD,
    [JSON.stringify(keys.map((k) => ({ inbox: k.inboxId, phone: k.phone, carrier: k.carrierMessageId, simulated: k.simulated ?? false })))],
    "sidetext_inbound_read",
  );
  for (const k of keys) {
    batch.messages.set(key(k.inboxId, k.carrierMessageId), null);
    batch.helpTexts.set(k.inboxId, null);
    batch.contacts.set(k.phone, null);
  }
  // A simulated text's inbox that is not there: absent (a 404), as the rows found overwrite.
  for (const k of keys) if (k.simulated) batch.simulatorScopes.set(key(k.inboxId, k.phone), null);
  for (const r of row.simulated) batch.simulatorScopes.set(key(r.inbox, r.phone), { name: r.name, carrier: r.carrier, textsARealInbox: r.textsARealInbox });
  for (const r of row.messages) batch.messages.set(key(r.inboxId, r.carrierMessageId), toMessage(r));
  for (const r of row.inboxes) batch.helpTexts.set(r.id, r.helpText);
  const phoneOf = new Map<string, string>();
  for (const r of row.contacts) {
    batch.contacts.set(r.phoneNumber, toContact(r));
    phoneOf.set(r.id, r.phoneNumber);
  }
  // Known contacts without a conversation in the inbox: absent too (a new contact has none, obviously).
  for (const k of keys) {
    const contact = batch.contacts.get(k.phone);
    if (contact) batch.conversations.set(key(k.inboxId, contact.id), null);
  }
  for (const r of row.conversations) batch.conversations.set(key(r.inboxId, r.contactId), toConversation(r));
}

const WRITE = `
with new_contacts as (
  insert into contact (id, "phoneNumber", name, attributes, "optedOutAt", "optOutMessageId", "createdAt", "updatedAt")
  select id, "phoneNumber", name, attributes, "optedOutAt", "optOutMessageId", "createdAt", "updatedAt"
  from json_to_recordset($1::json) as r(id text, "phoneNumber" text, name text, attributes text, "optedOutAt" text, "optOutMessageId" text, "createdAt" text, "updatedAt" text)),
changed_contacts as (
  update contact c set "optedOutAt" = r."optedOutAt", "optOutMessageId" = r."optOutMessageId", "updatedAt" = r."updatedAt"
  from json_to_recordset($2::json) as r(id text, "optedOutAt" text, "optOutMessageId" text, "updatedAt" text) where c.id = r.id),
new_conversations as (
  insert into conversation (id, "inboxId", "contactId", status, "assigneeId", "snoozedUntil", "lastMessageAt", "lastInboundAt", preview, "readBy", "lastDeliveryFailureAt", "createdAt", "updatedAt")
  select id, "inboxId", "contactId", status, "assigneeId", "snoozedUntil", "lastMessageAt", "lastInboundAt", preview, "readBy", "lastDeliveryFailureAt", "createdAt", "updatedAt"
  from json_to_recordset($3::json) as r(id text, "inboxId" text, "contactId" text, status text, "assigneeId" text, "snoozedUntil" text, "lastMessageAt" text, "lastInboundAt" text, preview text, "readBy" text, "lastDeliveryFailureAt" text, "createdAt" text, "updatedAt" text)),
changed_conversations as (
  update conversation c set status = r.status, "snoozedUntil" = r."snoozedUntil", "lastMessageAt" = r."lastMessageAt", "lastInboundAt" = r."lastInboundAt", preview = r.preview, "updatedAt" = r."updatedAt"
  from json_to_recordset($4::json) as r(id text, status text, "snoozedUntil" text, "lastMessageAt" text, "lastInboundAt" text, preview text, "updatedAt" text) where c.id = r.id),
new_messages as (
  insert into message (id, "conversationId", "inboxId", "contactId", direction, body, media, status, "errorCode", "errorReason", "carrierMessageId", "authorId", "clientId", "deliveryOverdue", "sendAttempts", "nextAttemptAt", "createdAt", "updatedAt")
  select id, "conversationId", "inboxId", "contactId", direction, body, media, status, "errorCode", "errorReason", "carrierMessageId", "authorId", "clientId", 0, 0, "nextAttemptAt", "createdAt", "updatedAt"
  from json_to_recordset($5::json) as r(id text, "conversationId" text, "inboxId" text, "contactId" text, direction text, body text, media text, status text, "errorCode" text, "errorReason" text, "carrierMessageId" text, "authorId" text, "clientId" text, "nextAttemptAt" text, "createdAt" text, "updatedAt" text)),
new_events as (
  insert into event (type, action, "actorId", "inboxId", "contactId", "conversationId", data, "createdAt")
  select type, action, "actorId", "inboxId", "contactId", "conversationId", data, "createdAt"
  from rows from (json_to_recordset($6::json) as (type text, action text, "actorId" text, "inboxId" text, "contactId" text, "conversationId" text, data text, "createdAt" text))
    with ordinality as r(type, action, "actorId", "inboxId", "contactId", "conversationId", data, "createdAt", n)
  order by n)
select pg_current_xact_id()::text as xact`;

/**
 * Writes the batch in one statement. Its parts all see the database as it was before it, so a contact or
 * conversation created in this batch is inserted in its final state, never inserted and then updated.
 * Answers the writing transaction's id (what the sequencer turn behind it compares).
 */
export async function writeBatch(query: Query, batch: BatchState): Promise<string> {
  const contacts = [...batch.contactWrites.values()];
  const conversations = [...batch.conversationWrites.values()];
  const [row] = await query(
    WRITE,
    [
      JSON.stringify(contacts.filter((w) => w.created).map((w) => contactRow(w.contact))),
      JSON.stringify(contacts.filter((w) => !w.created).map((w) => contactRow(w.contact))),
      JSON.stringify(conversations.filter((w) => w.created).map((w) => conversationRow(w.conversation))),
      JSON.stringify(conversations.filter((w) => !w.created).map((w) => conversationRow(w.conversation))),
      JSON.stringify(batch.newMessages.map(messageRow)),
      JSON.stringify(batch.events),
    ],
    "sidetext_inbound_write",
  );
  return row.xact as string;
}

const contactRow = (c: Contact) => ({ ...c, attributes: JSON.stringify(c.attributes) });
const conversationRow = (c: Conversation) => ({ ...c, readBy: JSON.stringify(c.readBy) });
const messageRow = (m: Message) => ({ ...m, media: JSON.stringify(m.media), nextAttemptAt: m.status === "queued" ? m.createdAt : null });

/**
 * A sequencer turn in the batch's round trip (cluster/sequencer.ts): the new head, or null when another held the
 * lock; `xact`: the one transaction whose events it numbered (migration 390), null when several or none.
 */
export async function sequenceTurn(query: Query, batch: number): Promise<Turn> {
  const [row] = await query(`select * from ${SEQUENCE_FUNCTION}($1)`, [batch], "sidetext_sequence");
  return (row ?? { head: null, assigned: 0, xact: null }) as Turn;
}
export interface Turn {
  head: number | null;
  assigned: number;
  xact: string | null;
}

/** Reads on the spot, one row each; contacts and conversations found are locked like those read ahead. */
export function missReader(query: Query, onError: (error: unknown) => void): MissReader {
  const one = async (text: string, params: unknown[]) => {
    try {
      return (await query(text, params))[0] ?? null;
    } catch (error) {
      onError(error);
      throw error;
    }
  };
  return {
    message: async (inboxId, carrierId) => {
      const row = await one(`select * from message where "inboxId" = $1 and "carrierMessageId" = $2`, [inboxId, carrierId]);
      return row ? toMessage(row as never) : null;
    },
    simulatorScope: async (inboxId, e164) => {
      const row = await one(`select name, carrier, exists (${realCustomer("$2")}) as "textsARealInbox" from inbox where id = $1`, [inboxId, e164]);
      return (row as { name: string; carrier: string; textsARealInbox: boolean } | null) ?? null;
    },
    helpText: async (inboxId) => ((await one(`select "helpText" from inbox where id = $1`, [inboxId])) as { helpText: string } | null)?.helpText ?? null,
    contact: async (e164) => {
      const row = await one(`select * from contact where "phoneNumber" = $1 for update`, [e164]);
      return row ? toContact(row as never) : null;
    },
    conversation: async (inboxId, contactId) => {
      const row = await one(`select * from conversation where "inboxId" = $1 and "contactId" = $2 for update`, [inboxId, contactId]);
      return row ? toConversation(row as never) : null;
    },
  };
}
