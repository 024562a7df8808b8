import type { Kysely } from "kysely";

// Issue 16: contact tags. The contact row keeps its tags (a JSON array) so every answer and event carries
// them with the contact; contactTag holds one row per (contact, tag) so the inbox list filters by tag on an index.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("contact")
    .addColumn("tags", "text", (c) => c.notNull().defaultTo("[]"))
    .execute();
  await db.schema
    .createTable("contactTag")
    .addColumn("contactId", "text", (c) => c.notNull().references("contact.id").onDelete("cascade"))
    .addColumn("tag", "text", (c) => c.notNull())
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("contactTag_pk", ["contactId", "tag"])
    .execute();
  await db.schema.createIndex("contactTag_tag").on("contactTag").columns(["tag", "contactId"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("contactTag").execute();
  await db.schema.alterTable("contact").dropColumn("tags").execute();
}
