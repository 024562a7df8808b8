import type { Kysely } from "kysely";

// Issue 18: analytics rollups kept from the event feed by one cursor (rebuildable: empty them, cursor 0), the
// per-conversation state the metrics need between events, and SLA targets per inbox.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("analyticsCursor")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("position", "bigint", (c) => c.notNull())
    .execute();
  await db.insertInto("analyticsCursor").values({ id: 1, position: 0 }).execute();
  await db.schema
    .createTable("analyticsConversation")
    .addColumn("conversationId", "text", (c) => c.primaryKey())
    .addColumn("inboxId", "text", (c) => c.notNull())
    .addColumn("contactId", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("assigneeId", "text")
    .addColumn("episodeStartAt", "text")
    .addColumn("awaitingFirst", "integer", (c) => c.notNull())
    .addColumn("firstInboundAt", "text")
    .addColumn("waitingSince", "text")
    .addColumn("slaKind", "text")
    .addColumn("slaDueAt", "text")
    .addColumn("slaBreachedAt", "text")
    .addColumn("lastEventAt", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("analyticsConversation_contact").on("analyticsConversation").columns(["contactId"]).execute();
  await db.schema.createIndex("analyticsConversation_due").on("analyticsConversation").columns(["slaDueAt"]).execute();
  await db.schema.createIndex("analyticsConversation_waiting").on("analyticsConversation").columns(["inboxId", "waitingSince"]).execute();
  let daily = db.schema
    .createTable("analyticsDaily")
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("inboxId", "text", (c) => c.notNull())
    // '*' is every agent together (what most reads want), '' nobody (unassigned, automated).
    .addColumn("agentId", "text", (c) => c.notNull());
  for (const n of ["opened", "resolved", "inbound", "outbound", "automated", "failed", "inboundSegments", "outboundSegments", "optOuts", "breaches"])
    daily = daily.addColumn(n, "integer", (c) => c.notNull().defaultTo(0));
  // JSON: per duration metric and clock, a sparse histogram {bucket: count} (server/analytics/histogram.ts).
  await daily
    .addColumn("durations", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("analyticsDaily_pk", ["agentId", "inboxId", "day"])
    .execute();
  await db.schema.createIndex("analyticsDaily_day").on("analyticsDaily").columns(["agentId", "day"]).execute();
  await db.schema
    .createTable("analyticsFailedMessage")
    .addColumn("messageId", "text", (c) => c.primaryKey())
    .execute();
  await db.schema
    .createTable("slaTarget")
    .addColumn("inboxId", "text", (c) => c.primaryKey().references("inbox.id").onDelete("cascade"))
    .addColumn("firstResponseMinutes", "integer")
    .addColumn("replyMinutes", "integer")
    .addColumn("businessHours", "integer", (c) => c.notNull())
    .addColumn("updatedAt", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["slaTarget", "analyticsFailedMessage", "analyticsDaily", "analyticsConversation", "analyticsCursor"]) await db.schema.dropTable(t).execute();
}
