import type { Kysely } from "kysely";

// Issue 19, second round: a brand voice per location (HQ writes it; a location's admins may edit their own
// when HQ allows), falling back to the workspace's; and the translations of customers' texts, kept so that
// a second "Translate" does not call the model again (keyed by message and language, checked against the
// body's hash so a changed or redacted text is translated afresh, never shown an old translation).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("aiLocationVoice")
    .addColumn("locationId", "text", (c) => c.primaryKey())
    .addColumn("brandVoice", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("locationMayEdit", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("updatedAt", "text", (c) => c.notNull())
    .addColumn("updatedBy", "text")
    .execute();
  await db.schema
    .createTable("aiTranslation")
    .addColumn("messageId", "text", (c) => c.notNull().references("message.id").onDelete("cascade"))
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("bodyHash", "text", (c) => c.notNull())
    .addColumn("fromLanguage", "text")
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("aiTranslation_pk", ["messageId", "language"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("aiTranslation").execute();
  await db.schema.dropTable("aiLocationVoice").execute();
}
