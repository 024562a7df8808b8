import { PostgresAdapter, sql, type Kysely } from "kysely";

// Issue 17: automation rules, the engine's feed cursor, each rule's run log (one row per rule and trigger
// event: the unique key that keeps a rule from firing twice), round-robin pointers and business hours per inbox.
export async function up(db: Kysely<any>): Promise<void> {
  const position = db.getExecutor().adapter instanceof PostgresAdapter ? "pos" : "seq";
  await db.schema
    .createTable("automationRule")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("enabled", "integer", (c) => c.notNull())
    .addColumn("priority", "integer", (c) => c.notNull())
    .addColumn("stopLower", "integer", (c) => c.notNull())
    .addColumn("definition", "text", (c) => c.notNull())
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addColumn("updatedAt", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("automationCursor")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("position", "bigint", (c) => c.notNull())
    .execute();
  // Start at the feed's head: rules react to what happens after they exist, not to history.
  await sql`insert into ${sql.table("automationCursor")} (id, position) select 1, coalesce(max(${sql.ref(position)}), 0) from event`.execute(db);
  await db.schema
    .createTable("automationRun")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("ruleId", "text", (c) => c.notNull().references("automationRule.id").onDelete("cascade"))
    .addColumn("triggerKey", "text", (c) => c.notNull())
    .addColumn("conversationId", "text")
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("detail", "text", (c) => c.notNull())
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addUniqueConstraint("automationRun_once", ["ruleId", "triggerKey"])
    .execute();
  await db.schema.createIndex("automationRun_rule").on("automationRun").columns(["ruleId", "createdAt"]).execute();
  await db.schema
    .createTable("automationRoundRobin")
    .addColumn("ruleId", "text", (c) => c.primaryKey().references("automationRule.id").onDelete("cascade"))
    .addColumn("lastUserId", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("inboxHours")
    .addColumn("inboxId", "text", (c) => c.primaryKey().references("inbox.id").onDelete("cascade"))
    .addColumn("schedule", "text", (c) => c.notNull())
    .addColumn("updatedAt", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["inboxHours", "automationRoundRobin", "automationRun", "automationCursor", "automationRule"]) await db.schema.dropTable(table).execute();
}
