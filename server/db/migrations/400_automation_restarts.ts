import type { Kysely } from "kysely";

// Issue 17's ≤ 10 %: a customer's text restarted every "no agent reply" timer of its conversation in place (370),
// four row updates per text with the benchmark's rules. On SQLite, where the engine batch is the only writer, a
// restart now writes one row per conversation and side instead: the position and time of the latest text that
// restarts that side's waits. A timer keeps its first start until it is due; then it looks here, and if a later
// text restarted it, it moves to that text's due time instead of firing (automations/restarts.ts).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("automationRestart")
    .addColumn("conversationId", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull()) // the trigger whose waits it restarts: noAgentReply | noCustomerReply
    .addColumn("position", "bigint", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("automationRestart_pk", ["conversationId", "kind"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("automationRestart").execute();
}
