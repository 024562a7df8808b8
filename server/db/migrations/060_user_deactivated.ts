import type { Kysely } from "kysely";

// 060: a deactivated teammate can no longer sign in (users.service.ts); their messages, notes and memberships stay.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("user").addColumn("deactivatedAt", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("user").dropColumn("deactivatedAt").execute();
}
