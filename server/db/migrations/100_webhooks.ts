import { PostgresAdapter, sql, type Kysely } from "kysely";

// Issue 16: outbound webhooks (Standard Webhooks): endpoints, the feed cursor their fan-out moves, one job per
// (event, endpoint), and every delivery attempt as the endpoint's log.
export async function up(db: Kysely<any>): Promise<void> {
  const position = db.getExecutor().adapter instanceof PostgresAdapter ? "pos" : "seq";
  await db.schema
    .createTable("webhookEndpoint")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("eventTypes", "text", (c) => c.notNull())
    .addColumn("secretSealed", "text", (c) => c.notNull())
    .addColumn("previousSecretSealed", "text")
    .addColumn("previousSecretUntil", "text")
    .addColumn("disabledAt", "text")
    .addColumn("disabledReason", "text")
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addColumn("updatedAt", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("webhookCursor")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("position", "bigint", (c) => c.notNull())
    .execute();
  // Start at the feed's head: an endpoint gets what happens after it is registered, not the history.
  await sql`insert into ${sql.table("webhookCursor")} (id, position) select 1, coalesce(max(${sql.ref(position)}), 0) from event`.execute(db);
  await db.schema
    .createTable("webhookJob")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("endpointId", "text", (c) => c.notNull().references("webhookEndpoint.id").onDelete("cascade"))
    .addColumn("messageId", "text", (c) => c.notNull())
    .addColumn("eventType", "text", (c) => c.notNull())
    .addColumn("orderKey", "text", (c) => c.notNull())
    .addColumn("position", "bigint", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("runAt", "text", (c) => c.notNull())
    .addColumn("claimedBy", "text")
    .addColumn("claimedUntil", "text")
    .addColumn("lastError", "text")
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addColumn("doneAt", "text")
    .addUniqueConstraint("webhookJob_once", ["endpointId", "messageId"])
    .execute();
  await db.schema.createIndex("webhookJob_due").on("webhookJob").columns(["status", "runAt"]).execute();
  await db.schema.createIndex("webhookJob_order").on("webhookJob").columns(["endpointId", "orderKey", "status", "position"]).execute();
  await db.schema
    .createTable("webhookAttempt")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("jobId", "text", (c) => c.notNull().references("webhookJob.id").onDelete("cascade"))
    .addColumn("endpointId", "text", (c) => c.notNull().references("webhookEndpoint.id").onDelete("cascade"))
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("statusCode", "integer")
    .addColumn("error", "text")
    .addColumn("responseExcerpt", "text")
    .addColumn("durationMs", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("webhookAttempt_endpoint").on("webhookAttempt").columns(["endpointId", "at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["webhookAttempt", "webhookJob", "webhookCursor", "webhookEndpoint"]) await db.schema.dropTable(t).execute();
}
