import { PostgresAdapter, sql, type Kysely } from "kysely";

// Plain ordered migrations, run on start. Column types are kept portable between SQLite and PostgreSQL:
// times are ISO-8601 text (sortable), JSON is text.
export async function up(db: Kysely<any>): Promise<void> {
  const seqType = db.getExecutor().adapter instanceof PostgresAdapter ? "bigserial" : "integer";
  await db.schema
    .createTable("user")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("passwordHash", "text", (c) => c.notNull())
    .addColumn("createdAt", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("apiToken")
    .addColumn("tokenHash", "text", (c) => c.primaryKey())
    .addColumn("userId", "text", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addColumn("expiresAt", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("inbox")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("phoneNumber", "text", (c) => c.notNull().unique())
    .addColumn("carrier", "text", (c) => c.notNull())
    .addColumn("helpText", "text", (c) => c.notNull())
    .addColumn("credentialsEncrypted", "text")
    .addColumn("createdAt", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("inboxMember")
    .addColumn("inboxId", "text", (c) => c.notNull().references("inbox.id").onDelete("cascade"))
    .addColumn("userId", "text", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("inboxMember_pk", ["inboxId", "userId"])
    .execute();
  await db.schema
    .createTable("contact")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("phoneNumber", "text", (c) => c.notNull().unique())
    .addColumn("name", "text")
    .addColumn("attributes", "text", (c) => c.notNull())
    .addColumn("optedOutAt", "text")
    .addColumn("optOutMessageId", "text")
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addColumn("updatedAt", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("conversation")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("inboxId", "text", (c) => c.notNull().references("inbox.id"))
    .addColumn("contactId", "text", (c) => c.notNull().references("contact.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("assigneeId", "text")
    .addColumn("snoozedUntil", "text")
    .addColumn("lastMessageAt", "text")
    .addColumn("lastInboundAt", "text")
    .addColumn("preview", "text", (c) => c.notNull())
    .addColumn("readBy", "text", (c) => c.notNull())
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addColumn("updatedAt", "text", (c) => c.notNull())
    .addUniqueConstraint("conversation_inbox_contact", ["inboxId", "contactId"])
    .execute();
  await db.schema.createIndex("conversation_recent").on("conversation").columns(["lastMessageAt"]).execute();
  await db.schema.createIndex("conversation_snoozed").on("conversation").columns(["status", "snoozedUntil"]).execute();
  await db.schema
    .createTable("message")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("conversationId", "text", (c) => c.notNull().references("conversation.id"))
    .addColumn("inboxId", "text", (c) => c.notNull())
    .addColumn("contactId", "text", (c) => c.notNull())
    .addColumn("direction", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("media", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("errorCode", "text")
    .addColumn("errorReason", "text")
    .addColumn("carrierMessageId", "text")
    .addColumn("authorId", "text")
    .addColumn("clientId", "text")
    .addColumn("deliveryOverdue", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("sendAttempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("nextAttemptAt", "text")
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addColumn("updatedAt", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("message_thread").on("message").columns(["conversationId", "createdAt"]).execute();
  // Idempotent sends: one message per (author, clientId).
  await db.schema.createIndex("message_client").unique().on("message").columns(["authorId", "clientId"]).execute();
  // A carrier retrying the same webhook is stored once.
  await db.schema.createIndex("message_carrier").unique().on("message").columns(["inboxId", "carrierMessageId"]).execute();
  await db.schema.createIndex("message_outbox").on("message").columns(["status", "nextAttemptAt"]).execute();
  await db.schema
    .createTable("note")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("conversationId", "text", (c) => c.notNull().references("conversation.id"))
    .addColumn("inboxId", "text", (c) => c.notNull())
    .addColumn("authorId", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("mentions", "text", (c) => c.notNull())
    .addColumn("createdAt", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("note_thread").on("note").columns(["conversationId", "createdAt"]).execute();
  await db.schema
    .createTable("template")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("inboxId", "text")
    .addColumn("shortcut", "text")
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addColumn("updatedAt", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("event")
    .addColumn("seq", sql.raw(seqType) as any, (c) => (seqType === "integer" ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("action", "text")
    .addColumn("actorId", "text")
    .addColumn("inboxId", "text")
    .addColumn("contactId", "text")
    .addColumn("conversationId", "text")
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("createdAt", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("event_conversation").on("event").columns(["conversationId", "seq"]).execute();
}
