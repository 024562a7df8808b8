import type { Kysely } from "kysely";

// Issue 16: API keys for server-to-server use. Only the SHA-256 of the key's secret part is stored; the key's
// public id (also its first part) finds the row.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("apiKey")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("scopes", "text", (c) => c.notNull())
    .addColumn("secretHash", "text", (c) => c.notNull())
    .addColumn("createdBy", "text", (c) => c.notNull())
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addColumn("lastUsedAt", "text")
    .addColumn("revokedAt", "text")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("apiKey").execute();
}
