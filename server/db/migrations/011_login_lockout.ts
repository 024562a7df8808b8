import type { Kysely } from "kysely";

// Failed sign-ins per account, from any address (auth/account-lockout.ts): enough of them within the window
// lock the account until `lockedUntil`. A row exists only for an account with recent failures.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("loginFailure")
    .addColumn("userId", "text", (c) => c.primaryKey().references("user.id").onDelete("cascade"))
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("firstFailureAt", "text", (c) => c.notNull())
    .addColumn("lockedUntil", "text")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("loginFailure").execute();
}
