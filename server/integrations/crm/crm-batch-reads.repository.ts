// What a claimed batch's jobs read, read once for the whole batch: its messages, their conversations and the
// CRM records already made for its entities — a few queries per batch instead of six per text (each query
// costs CPU on the server's one thread, and the log shares it with ingest).
import type { Executor } from "../../db/executor";
import type { Conversation, Message } from "../../../src/protocol/entities";
import { toMessage } from "../../messages/messages.repository";
import { toConversation } from "../../conversations/conversations.repository";
import { crmDb } from "./crm.schema";

export interface BatchReads {
  message(id: string): Message | null;
  conversation(id: string): Conversation | null;
  /** The CRM record made earlier for this entity in this connection, if any. */
  record(connectionId: string, entityId: string): string | null;
}

export async function readBatch(db: Executor, jobs: Array<{ kind: string; entityId: string }>): Promise<BatchReads> {
  const messageIds = jobs.filter((j) => j.kind === "message").map((j) => j.entityId);
  const messages = new Map(
    messageIds.length ? (await db.selectFrom("message").selectAll().where("id", "in", messageIds).execute()).map((r) => [r.id, toMessage(r)] as const) : [],
  );
  const conversationIds = [
    ...new Set([...[...messages.values()].map((m) => m.conversationId), ...jobs.filter((j) => j.kind === "transcript").map((j) => j.entityId)]),
  ];
  const conversations = new Map(
    conversationIds.length
      ? (await db.selectFrom("conversation").selectAll().where("id", "in", conversationIds).execute()).map((r) => [r.id, toConversation(r)] as const)
      : [],
  );
  const entityIds = [...new Set(jobs.map((j) => j.entityId))];
  const records = new Map(
    (await crmDb(db).selectFrom("crmRecord").select(["connectionId", "entityId", "crmRecordId"]).where("entityId", "in", entityIds).execute()).map(
      (r) => [`${r.connectionId}:${r.entityId}`, r.crmRecordId] as const,
    ),
  );
  return {
    message: (id) => messages.get(id) ?? null,
    conversation: (id) => conversations.get(id) ?? null,
    record: (connectionId, entityId) => records.get(`${connectionId}:${entityId}`) ?? null,
  };
}
