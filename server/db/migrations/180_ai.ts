import type { Kysely } from "kysely";

// Issue 19: AI rewrite and translate. The console's endpoint (its key sealed like carrier credentials), the
// usage counters behind the daily budget and the per-user rate limit, each rep's language, and the language
// detected on each inbound text and remembered on its contact.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("aiSettings")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("baseUrl", "text")
    .addColumn("model", "text")
    .addColumn("apiKeyEncrypted", "text")
    .addColumn("brandVoice", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("dailyRequestLimit", "integer", (c) => c.notNull())
    .addColumn("dailyTokenLimit", "integer", (c) => c.notNull())
    .addColumn("perUserPerMinute", "integer", (c) => c.notNull())
    .addColumn("updatedAt", "text", (c) => c.notNull())
    .execute();
  // One row per counting window: `day:2026-12-01` (the workspace) or `user:<id>:<minute>` (one rep).
  await db.schema
    .createTable("aiUsage")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("requests", "integer", (c) => c.notNull())
    .addColumn("tokens", "integer", (c) => c.notNull())
    .addColumn("expiresAt", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("aiPreference")
    .addColumn("userId", "text", (c) => c.primaryKey())
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("autoTranslate", "integer", (c) => c.notNull())
    .execute();
  await db.schema.alterTable("message").addColumn("language", "text").execute();
  await db.schema.alterTable("contact").addColumn("language", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("contact").dropColumn("language").execute();
  await db.schema.alterTable("message").dropColumn("language").execute();
  await db.schema.dropTable("aiPreference").execute();
  await db.schema.dropTable("aiUsage").execute();
  await db.schema.dropTable("aiSettings").execute();
}
