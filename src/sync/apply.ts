// Writing a batch into the cache, idempotently: applying the same batch twice, or an older version after
// a newer one, changes nothing; a message status never moves back (src/core/message-status). The cursor
// is written in the same transaction as the entities, so a worker killed mid-way leaves no gap.
import type { Table } from "dexie";
import { canAdvanceStatus } from "../core/message-status";
import type { Message } from "../protocol/entities";
import { toConversationRow, type MessageRow } from "../db/rows";
import type { SidetextDb } from "../db/schema";
import type { Batch, Versioned } from "./batch";

export interface ApplyResult {
  /** Inbound messages the cache did not hold before (for notifications). */
  newInbound: Message[];
}

const time = (iso: string | undefined) => (iso ? Date.parse(iso) : 0);

/** Whether `incoming` (at feed position `seq`, 0 = unknown) replaces what the cache holds. */
function supersedes(existing: { seq: number; updatedAt?: string } | undefined, seq: number, updatedAt?: string): boolean {
  if (!existing) return true;
  if (seq > 0 && existing.seq > 0) return seq > existing.seq;
  if (updatedAt && existing.updatedAt) return time(updatedAt) >= time(existing.updatedAt);
  return seq >= existing.seq;
}

/** The newest version of each entity in the list (by seq, then updatedAt). */
function newestById<T extends { id: string; updatedAt?: string }>(items: Versioned<T>[]): Versioned<T>[] {
  const byId = new Map<string, Versioned<T>>();
  for (const item of items) {
    const held = byId.get(item.value.id);
    if (!held || supersedes({ seq: held.seq, updatedAt: held.value.updatedAt }, item.seq, item.value.updatedAt)) byId.set(item.value.id, item);
  }
  return [...byId.values()];
}

async function upsert<T extends { id: string; updatedAt?: string }, R extends { seq: number; updatedAt?: string }>(
  table: Table<R, string>,
  items: Versioned<T>[],
  toRow: (item: Versioned<T>, existing: R | undefined) => R | null,
): Promise<Array<{ row: R; existing: R | undefined }>> {
  if (items.length === 0) return [];
  const newest = newestById(items);
  const existing = await table.bulkGet(newest.map((i) => i.value.id));
  const writes: Array<{ row: R; existing: R | undefined }> = [];
  newest.forEach((item, i) => {
    const row = toRow(item, existing[i]);
    if (row) writes.push({ row, existing: existing[i] });
  });
  if (writes.length) await table.bulkPut(writes.map((w) => w.row));
  return writes;
}

/** Message merge: newer fields win, but the status only moves forward. */
function mergeMessage(existing: MessageRow | undefined, incoming: Versioned<Message>): MessageRow | null {
  const row: MessageRow = { ...incoming.value, seq: incoming.seq };
  if (!existing) return row;
  const newer = supersedes(existing, incoming.seq, incoming.value.updatedAt);
  const advances = canAdvanceStatus(existing.status, incoming.value.status);
  if (!newer && !advances) return null;
  const base = newer ? row : existing;
  const statusFrom = advances || existing.status === incoming.value.status ? row : existing;
  return {
    ...base,
    status: statusFrom.status,
    errorCode: statusFrom.errorCode,
    errorReason: statusFrom.errorReason,
    seq: Math.max(existing.seq, incoming.seq),
  };
}

const simple = <T extends { id: string; updatedAt?: string }>(
  item: Versioned<T>,
  existing: { seq: number; updatedAt?: string } | undefined,
): (T & { seq: number }) | null => (supersedes(existing, item.seq, item.value.updatedAt) ? { ...item.value, seq: item.seq } : null);

export async function applyBatch(db: SidetextDb, batch: Batch, meId: string): Promise<ApplyResult> {
  const newInbound: Message[] = [];
  const tables = [db.conversations, db.contacts, db.messages, db.notes, db.templates, db.activities, db.outbox, db.meta, db.users, db.inboxes];
  await db.transaction("rw", tables, async () => {
    if (batch.users?.length) await db.users.bulkPut(batch.users);
    if (batch.inboxes?.length) await db.inboxes.bulkPut(batch.inboxes);
    await upsert(db.contacts, batch.contacts, (i, e) => simple(i, e));
    await upsert(db.conversations, batch.conversations, (item, existing) =>
      supersedes(existing, item.seq, item.value.updatedAt) ? toConversationRow(item.value, item.seq, meId) : null,
    );
    const messages = await upsert(db.messages, batch.messages, (item, existing) => mergeMessage(existing, item));
    for (const { row, existing } of messages) if (!existing && row.direction === "inbound") newInbound.push(row);
    // The server has a send the outbox still holds (its event beat the HTTP answer): the outbox item is done.
    const sentClientIds = messages.map((m) => m.row.clientId).filter((c): c is string => !!c);
    if (sentClientIds.length) await db.outbox.bulkDelete(sentClientIds);
    await upsert(db.notes, batch.notes, (i, e) => simple(i, e));
    await upsert(db.templates, batch.templates, (i, e) => simple(i, e));
    if (batch.deletedTemplates.length) {
      const held = await db.templates.bulkGet(batch.deletedTemplates.map((t) => t.value.id));
      const gone = batch.deletedTemplates.filter((t, i) => !held[i] || held[i]!.seq <= t.seq).map((t) => t.value.id);
      await db.templates.bulkDelete(gone);
    }
    if (batch.activities.length) await db.activities.bulkPut(batch.activities);
    for (const { contactId, ...line } of batch.contactActivities) {
      const conversations = await db.conversations.where("contactId").equals(contactId).primaryKeys();
      await db.activities.bulkPut(conversations.map((conversationId) => ({ ...line, conversationId })));
    }
    if (batch.cursor !== undefined) {
      const current = await db.getMeta("cursor");
      if (current === undefined || batch.cursor > current) await db.setMeta("cursor", batch.cursor);
    }
  });
  return { newInbound };
}
