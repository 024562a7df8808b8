import type { Kysely } from "kysely";

// Issue 17's ≤ 10 %: a text with 20 rules wrote ~17 rows, most of them run-log lines nobody reads one by one.
//  - automationSkip: one row per evaluated event holding every rule it skipped, each with its reasons (indexes into
//    the row's own list of distinct lines). The per-rule run log finds a rule's rows through automationSkipRange:
//    one row per (rule, block of 4,096 feed positions) that holds any of its skips, so a rule's page reads only blocks it was skipped in.
//  - automationTimer.startPosition / restarts: a no-reply wait restarted by the next text is moved in place (its
//    due time, the feed position of its latest start, a count of restarts) instead of cancelled and started again.
//    startPosition is what "started before this event" compares (was the trigger key); 0 for timers started before
//    this migration, which started before any event read after it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("automationSkip")
    .addColumn("position", "bigint", (c) => c.primaryKey())
    .addColumn("conversationId", "text")
    .addColumn("rules", "text", (c) => c.notNull())
    .addColumn("reasons", "text", (c) => c.notNull())
    .addColumn("createdAt", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("automationSkipRange")
    .addColumn("ruleId", "text", (c) => c.notNull().references("automationRule.id").onDelete("cascade"))
    .addColumn("block", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("automationSkipRange_pk", ["ruleId", "block"])
    .execute();
  await db.schema
    .alterTable("automationTimer")
    .addColumn("startPosition", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("automationTimer")
    .addColumn("restarts", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  // A conversation's pending timers, and those started at or after a position (a stretch read again must not start one twice).
  await db.schema.dropIndex("automationTimer_conversation").execute();
  await db.schema.createIndex("automationTimer_conversation").on("automationTimer").columns(["conversationId", "status", "startPosition"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("automationTimer_conversation").execute();
  await db.schema.createIndex("automationTimer_conversation").on("automationTimer").columns(["conversationId", "status"]).execute();
  await db.schema.alterTable("automationTimer").dropColumn("restarts").execute();
  await db.schema.alterTable("automationTimer").dropColumn("startPosition").execute();
  await db.schema.dropTable("automationSkipRange").execute();
  await db.schema.dropTable("automationSkip").execute();
}
