// Each message's CRM log status for the thread ("Logged to HubSpot ✓ / failed — retry"), to members of its
// inbox only (anyone else gets 404, as for the message itself).
import type { ServerContext } from "../../context";
import type { AuthedUser } from "../../auth/authenticate";
import { requireMember } from "../../auth/permissions";
import { notFound } from "../../errors";
import { conversationsWithContact, findConversationById } from "../../conversations/conversations.repository";
import type { CrmLogAnswer, CrmLogStatus } from "../../../src/protocol/crm";
import { allConnections } from "./crm-connections.repository";
import { logStatusOf, requeueJob } from "./crm-jobs.repository";
import { loggableIdsOf, messageInboxOf, noteInboxOf } from "./crm.repository";

const shown = { done: "logged", pending: "pending", failed: "failed" } as const;

async function statusOf(ctx: ServerContext, entityIds: string[]): Promise<CrmLogStatus[]> {
  if (entityIds.length === 0) return [];
  const rows = await logStatusOf(ctx.database.db, entityIds);
  return rows.map((r) => ({
    entityId: r.entityId,
    connectionId: r.connectionId,
    provider: r.provider as CrmLogStatus["provider"],
    status: shown[r.status as keyof typeof shown] ?? "pending",
    crmRecordId: r.crmRecordId ?? null,
    // A retryable error while still pending is shown too: "retrying: HubSpot answered 503".
    ...(r.lastError && r.status !== "done" ? { error: r.lastError } : {}),
  }));
}

export async function crmLogOfConversation(ctx: ServerContext, user: AuthedUser, conversationId: string): Promise<CrmLogAnswer> {
  const conversation = await findConversationById(ctx.database.db, conversationId);
  if (!conversation) throw notFound("Conversation");
  requireMember(user, conversation.inboxId);
  const crmLog = await statusOf(ctx, await loggableIdsOf(ctx.database.db, conversationId));
  const logsMessages = (await allConnections(ctx.database.db)).some((c) => c.logMode !== "transcript");
  return { crmLog, logsMessages };
}

/** The message's or note's inbox, after checking the user may see it. */
async function entityOf(ctx: ServerContext, user: AuthedUser, id: string): Promise<{ id: string; kind: "message" | "note" }> {
  const { db } = ctx.database;
  const message = await messageInboxOf(db, id);
  const note = message ? null : await noteInboxOf(db, id);
  const inboxId = message?.inboxId ?? note?.inboxId;
  if (!inboxId) throw notFound("Message");
  requireMember(user, inboxId, "Message");
  return { id, kind: message ? "message" : "note" };
}

export async function crmLogOfMessage(ctx: ServerContext, user: AuthedUser, id: string): Promise<CrmLogStatus[]> {
  await entityOf(ctx, user, id);
  return statusOf(ctx, [id]);
}

export async function retryCrmLog(ctx: ServerContext, user: AuthedUser, id: string): Promise<CrmLogStatus[]> {
  const entity = await entityOf(ctx, user, id);
  for (const c of await allConnections(ctx.database.db)) {
    if (c.logMode !== "transcript") await requeueJob(ctx.database.db, { connectionId: c.id, kind: entity.kind, entityId: id });
  }
  return statusOf(ctx, [id]);
}

/** Looks the contact up in every connected CRM again (name, company, owner, mapped fields), in the background. */
export async function syncContactNow(ctx: ServerContext, user: AuthedUser, contactId: string): Promise<void> {
  const seen = (await conversationsWithContact(ctx.database.db, contactId)).some((c) => user.inboxIds.includes(c.inboxId));
  if (!seen) throw notFound("Contact");
  for (const c of await allConnections(ctx.database.db)) await requeueJob(ctx.database.db, { connectionId: c.id, kind: "contact", entityId: contactId });
}
