import { PostgresAdapter, sql, type Kysely } from "kysely";

// Issue 16: CRM connections, the CRM log's cursor and jobs, which CRM record each message became, and the
// CRM record each contact matched.
export async function up(db: Kysely<any>): Promise<void> {
  const position = db.getExecutor().adapter instanceof PostgresAdapter ? "pos" : "seq";
  await db.schema
    .createTable("crmConnection")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("provider", "text", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("apiBase", "text", (c) => c.notNull())
    .addColumn("credentialsEncrypted", "text", (c) => c.notNull())
    .addColumn("logMode", "text", (c) => c.notNull())
    .addColumn("fieldMap", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addColumn("updatedAt", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("crmCursor")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("position", "bigint", (c) => c.notNull())
    .execute();
  // Start at the feed's head: history is not logged when a CRM is connected.
  await sql`insert into ${sql.table("crmCursor")} (id, position) select 1, coalesce(max(${sql.ref(position)}), 0) from event`.execute(db);
  await db.schema
    .createTable("crmJob")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("connectionId", "text", (c) => c.notNull().references("crmConnection.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("entityId", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("runAt", "text", (c) => c.notNull())
    .addColumn("claimedBy", "text")
    .addColumn("claimedUntil", "text")
    .addColumn("lastError", "text")
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addColumn("doneAt", "text")
    .addUniqueConstraint("crmJob_once", ["connectionId", "kind", "entityId"])
    .execute();
  await db.schema.createIndex("crmJob_due").on("crmJob").columns(["status", "runAt"]).execute();
  await db.schema.createIndex("crmJob_entity").on("crmJob").column("entityId").execute();
  await db.schema
    .createTable("crmRecord")
    .addColumn("connectionId", "text", (c) => c.notNull().references("crmConnection.id").onDelete("cascade"))
    .addColumn("entityId", "text", (c) => c.notNull())
    .addColumn("crmRecordId", "text", (c) => c.notNull())
    .addColumn("updatedAt", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("crmRecord_pk", ["connectionId", "entityId"])
    .execute();
  await db.schema
    .createTable("crmContactLink")
    .addColumn("connectionId", "text", (c) => c.notNull().references("crmConnection.id").onDelete("cascade"))
    .addColumn("contactId", "text", (c) => c.notNull())
    .addColumn("crmType", "text", (c) => c.notNull())
    .addColumn("crmId", "text", (c) => c.notNull())
    .addColumn("companyId", "text")
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("syncedAt", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("crmContactLink_pk", ["connectionId", "contactId"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["crmContactLink", "crmRecord", "crmJob", "crmCursor", "crmConnection"]) await db.schema.dropTable(table).execute();
}
