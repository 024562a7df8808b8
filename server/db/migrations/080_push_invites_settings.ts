import { PostgresAdapter, sql, type Kysely } from "kysely";

// Issue 15: Web Push (devices, mutes, quiet hours, the push cursor and its jobs), invites by link and the
// workspace's settings.
export async function up(db: Kysely<any>): Promise<void> {
  const position = db.getExecutor().adapter instanceof PostgresAdapter ? "pos" : "seq";
  await db.schema
    .createTable("pushSubscription")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("userId", "text", (c) => c.notNull().references("user.id").onDelete("cascade"))
    // One row per browser subscription: the same device subscribing again replaces its keys.
    .addColumn("endpoint", "text", (c) => c.notNull().unique())
    .addColumn("p256dh", "text", (c) => c.notNull())
    .addColumn("auth", "text", (c) => c.notNull())
    .addColumn("label", "text")
    .addColumn("userAgent", "text")
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addColumn("lastPushedAt", "text")
    .execute();
  await db.schema.createIndex("pushSubscription_user").on("pushSubscription").column("userId").execute();
  await db.schema
    .createTable("pushMute")
    .addColumn("userId", "text", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("conversationId", "text", (c) => c.notNull().references("conversation.id").onDelete("cascade"))
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("pushMute_pk", ["userId", "conversationId"])
    .execute();
  await db.schema
    .createTable("pushQuietHours")
    .addColumn("userId", "text", (c) => c.primaryKey().references("user.id").onDelete("cascade"))
    .addColumn("start", "text", (c) => c.notNull()) // "HH:MM" in timeZone
    .addColumn("end", "text", (c) => c.notNull())
    .addColumn("timeZone", "text", (c) => c.notNull())
    .execute();
  // The VAPID pair where it cannot live beside the database (PostgreSQL): one row, private half sealed.
  await db.schema
    .createTable("pushVapid")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("publicKey", "text", (c) => c.notNull())
    .addColumn("privateKeySealed", "text", (c) => c.notNull())
    .execute();
  // How far the push fan-out has read the event feed: one row, moved only by a conditional update (push-fanout.ts).
  await db.schema
    .createTable("pushCursor")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("position", "bigint", (c) => c.notNull())
    .execute();
  // Start at the feed's head: history is never pushed.
  await sql`insert into ${sql.table("pushCursor")} (id, position) select 1, coalesce(max(${sql.ref(position)}), 0) from event`.execute(db);
  await db.schema
    .createTable("pushJob")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("messageId", "text", (c) => c.notNull())
    .addColumn("subscriptionId", "text", (c) => c.notNull().references("pushSubscription.id").onDelete("cascade"))
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("topic", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull()) // pending | sent | failed
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("runAt", "text", (c) => c.notNull())
    .addColumn("claimedBy", "text")
    .addColumn("claimedUntil", "text")
    .addColumn("lastError", "text")
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addColumn("doneAt", "text")
    .addUniqueConstraint("pushJob_once", ["messageId", "subscriptionId"])
    .execute();
  await db.schema.createIndex("pushJob_due").on("pushJob").columns(["status", "runAt"]).execute();
  await db.schema
    .createTable("invite")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tokenHash", "text", (c) => c.notNull().unique())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("invitedBy", "text", (c) => c.notNull())
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addColumn("expiresAt", "text", (c) => c.notNull())
    .addColumn("acceptedAt", "text")
    .addColumn("acceptedUserId", "text")
    .addColumn("revokedAt", "text")
    .execute();
  await db.schema
    .createTable("workspaceSettings")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("defaultCountry", "text", (c) => c.notNull())
    .addColumn("helpText", "text", (c) => c.notNull())
    .addColumn("optOutText", "text", (c) => c.notNull())
    .addColumn("hidePushPreview", "integer", (c) => c.notNull())
    .addColumn("updatedAt", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["workspaceSettings", "invite", "pushJob", "pushCursor", "pushVapid", "pushQuietHours", "pushMute", "pushSubscription"])
    await db.schema.dropTable(table).execute();
}
