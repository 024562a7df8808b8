// Endpoints and their delivery log, as the API shows them (the secret never leaves sealed).
import type { Executor } from "../../db/executor";
import { positionColumn } from "../../events/events.repository";
import { hooksDb, type WebhookEndpointTable } from "./webhooks.schema";

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  disabledAt: string | null;
  disabledReason: string | null;
  /** While the old secret still signs beside the new one (after a rotation). */
  previousSecretUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

export const toEndpoint = (r: WebhookEndpointTable): WebhookEndpoint => ({
  id: r.id,
  url: r.url,
  description: r.description,
  eventTypes: JSON.parse(r.eventTypes),
  disabledAt: r.disabledAt,
  disabledReason: r.disabledReason,
  previousSecretUntil: r.previousSecretUntil,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export const endpointRow = (db: Executor, id: string) => hooksDb(db).selectFrom("webhookEndpoint").selectAll().where("id", "=", id).executeTakeFirst();

export async function listEndpoints(db: Executor): Promise<WebhookEndpoint[]> {
  return (await hooksDb(db).selectFrom("webhookEndpoint").selectAll().orderBy("createdAt").execute()).map(toEndpoint);
}

export async function activeEndpoints(db: Executor) {
  return (await listEndpoints(db)).filter((e) => e.disabledAt === null);
}

/** The newest deliveries of an endpoint with each of their attempts, newest first. */
export async function deliveryLog(db: Executor, endpointId: string, limit: number) {
  const h = hooksDb(db);
  const jobs = await h
    .selectFrom("webhookJob")
    .select(["id", "messageId", "eventType", "status", "attempts", "runAt", "lastError", "createdAt", "doneAt"])
    .where("endpointId", "=", endpointId)
    .orderBy("createdAt", "desc")
    .orderBy("position", "desc")
    .limit(limit)
    .execute();
  const ids = jobs.map((j) => j.id);
  const attempts = ids.length
    ? await h
        .selectFrom("webhookAttempt")
        .select(["jobId", "at", "statusCode", "error", "responseExcerpt", "durationMs"])
        .where("jobId", "in", ids)
        .orderBy("at")
        .execute()
    : [];
  return jobs.map((j) => ({
    ...j,
    nextAttemptAt: j.status === "pending" ? j.runAt : null,
    attemptLog: attempts.filter((a) => a.jobId === j.id).map(({ jobId: _, ...a }) => a),
  }));
}

/** One stretch of the feed past the webhook cursor, up to the head read first, in feed order. */
export async function feedStretch(db: Executor, from: number, head: number, limit: number) {
  const col = positionColumn(db) as "seq";
  return await db.selectFrom("event").selectAll().where(col, ">", from).where(col, "<=", head).orderBy(col).limit(limit).execute();
}

export async function insertEndpoint(db: Executor, row: WebhookEndpointTable) {
  await hooksDb(db).insertInto("webhookEndpoint").values(row).execute();
}

export async function updateEndpointRow(db: Executor, id: string, set: Partial<WebhookEndpointTable>) {
  await hooksDb(db).updateTable("webhookEndpoint").set(set).where("id", "=", id).execute();
}

export async function deleteEndpointRow(db: Executor, id: string) {
  await hooksDb(db).deleteFrom("webhookEndpoint").where("id", "=", id).execute();
}

export const deliveryOf = (db: Executor, endpointId: string, deliveryId: string) =>
  hooksDb(db).selectFrom("webhookJob").selectAll().where("id", "=", deliveryId).where("endpointId", "=", endpointId).executeTakeFirst();

/** The delivery queued again from scratch: due now, no attempts counted. */
export async function requeueDelivery(db: Executor, deliveryId: string, at: string) {
  await hooksDb(db)
    .updateTable("webhookJob")
    .set({ status: "pending", runAt: at, attempts: 0, doneAt: null, claimedUntil: null })
    .where("id", "=", deliveryId)
    .execute();
}
