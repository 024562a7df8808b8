import type { Kysely } from "kysely";
import { randomBytes } from "node:crypto";

// Sessions a user can see and end one by one (auth/sessions.routes.ts): a public id (the token hash stays
// private), the device's user agent, when the session was last used, and its idle timeout; `expiresAt` stays
// the one deadline every reader checks, moved forward on use up to 30 days after sign-in (auth/sessions.ts).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("apiToken").addColumn("id", "text").execute();
  await db.schema.alterTable("apiToken").addColumn("userAgent", "text").execute();
  await db.schema.alterTable("apiToken").addColumn("lastUsedAt", "text").execute();
  await db.schema.alterTable("apiToken").addColumn("idleTimeoutMs", "bigint").execute();
  const rows = await db.selectFrom("apiToken").select(["tokenHash", "createdAt"]).execute();
  for (const row of rows) {
    await db
      .updateTable("apiToken")
      .set({ id: `ses_${randomBytes(12).toString("base64url")}`, lastUsedAt: row.createdAt })
      .where("tokenHash", "=", row.tokenHash)
      .execute();
  }
  await db.schema.createIndex("apiToken_id").unique().on("apiToken").column("id").execute();
  await db.schema.createIndex("apiToken_user").on("apiToken").column("userId").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("apiToken_user").execute();
  await db.schema.dropIndex("apiToken_id").execute();
  for (const column of ["idleTimeoutMs", "lastUsedAt", "userAgent", "id"]) await db.schema.alterTable("apiToken").dropColumn(column).execute();
}
