import type { Kysely } from "kysely";

// 070: stored media (server/media): what is known about each upload or customer's MMS file, its bytes being in
// the media storage under `storageKey`; and the media a template attaches (JSON, like message.media).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("media")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("contentType", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("fileName", "text")
    .addColumn("storageKey", "text", (c) => c.notNull())
    // Uploads: who uploaded it (any member may send it). A customer's MMS: the inbox it came in to, whose members alone see it.
    .addColumn("uploadedBy", "text")
    .addColumn("inboxId", "text")
    .addColumn("createdAt", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .alterTable("template")
    .addColumn("media", "text", (c) => c.notNull().defaultTo("[]"))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("template").dropColumn("media").execute();
  await db.schema.dropTable("media").execute();
}
