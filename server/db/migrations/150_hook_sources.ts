import type { Kysely } from "kysely";

// Issue 16: catch-hook sources: a URL per outside tool (POST /v1/hooks/:id/:secret) whose JSON is mapped to a
// contact event by JSONPath. Only the SHA-256 of the URL's secret is stored.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("hookSource")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("secretHash", "text", (c) => c.notNull())
    .addColumn("mapping", "text", (c) => c.notNull())
    .addColumn("createdBy", "text", (c) => c.notNull())
    .addColumn("createdAt", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("hookSource").execute();
}
