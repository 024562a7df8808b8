import type { Selectable } from "kysely";
import type { Message } from "../../src/protocol/entities";
import { forWrite, type Executor } from "../db/executor";
import type { MessageTable } from "../db/schema";
import { newId, now } from "../ids";

export const toMessage = (r: Selectable<MessageTable>): Message => ({
  id: r.id,
  conversationId: r.conversationId,
  inboxId: r.inboxId,
  contactId: r.contactId,
  direction: r.direction as Message["direction"],
  body: r.body,
  media: JSON.parse(r.media),
  status: r.status as Message["status"],
  errorCode: r.errorCode,
  errorReason: r.errorReason,
  carrierMessageId: r.carrierMessageId,
  authorId: r.authorId,
  clientId: r.clientId,
  deliveryOverdue: r.deliveryOverdue === 1,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export async function findMessageById(db: Executor, id: string): Promise<Message | null> {
  // In a transaction (a change to build from), locked on PostgreSQL: see forWrite.
  const row = await forWrite(db, db.selectFrom("message").selectAll().where("id", "=", id)).executeTakeFirst();
  return row ? toMessage(row) : null;
}

export async function findMessageByClientId(db: Executor, authorId: string, clientId: string): Promise<Message | null> {
  const row = await db.selectFrom("message").selectAll().where("authorId", "=", authorId).where("clientId", "=", clientId).executeTakeFirst();
  return row ? toMessage(row) : null;
}

export async function findMessageByCarrierId(db: Executor, inboxId: string, carrierMessageId: string): Promise<Message | null> {
  const row = await forWrite(
    db,
    db.selectFrom("message").selectAll().where("inboxId", "=", inboxId).where("carrierMessageId", "=", carrierMessageId),
  ).executeTakeFirst();
  return row ? toMessage(row) : null;
}

export type NewMessage = Pick<Message, "conversationId" | "inboxId" | "contactId" | "direction" | "body" | "media" | "status" | "authorId" | "clientId"> &
  Partial<Pick<Message, "carrierMessageId" | "errorCode" | "errorReason">>;

export async function insertMessage(db: Executor, input: NewMessage): Promise<Message> {
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
  await db
    .insertInto("message")
    .values({
      ...message,
      media: JSON.stringify(message.media),
      deliveryOverdue: 0,
      sendAttempts: 0,
      nextAttemptAt: message.status === "queued" ? at : null,
    })
    .execute();
  return message;
}

type Changes = Partial<Pick<Message, "status" | "errorCode" | "errorReason" | "carrierMessageId" | "deliveryOverdue">>;

export async function updateMessage(
  db: Executor,
  message: Message,
  changes: Changes,
  outbox?: { sendAttempts?: number; nextAttemptAt?: string | null; uncertainSince?: string | null },
): Promise<Message> {
  const next: Message = { ...message, ...changes, updatedAt: now() };
  await db
    .updateTable("message")
    .set({
      status: next.status,
      errorCode: next.errorCode,
      errorReason: next.errorReason,
      carrierMessageId: next.carrierMessageId,
      deliveryOverdue: next.deliveryOverdue ? 1 : 0,
      updatedAt: next.updatedAt,
      ...outbox,
    })
    .where("id", "=", message.id)
    .execute();
  return next;
}

/** A message as it is, already past sending, after `sendAttempts` attempts (the demo seed). */
export async function insertSettledMessage(db: Executor, message: Message, sendAttempts: number): Promise<void> {
  await db
    .insertInto("message")
    .values({ ...message, media: JSON.stringify(message.media), deliveryOverdue: message.deliveryOverdue ? 1 : 0, sendAttempts, nextAttemptAt: null })
    .execute();
}
