import { PostgresAdapter, sql, type Kysely } from "kysely";

// Issue 17: the engine keeps each database's rules compiled in memory (server/automations/rule-set.ts) and needs
// to know, with one cheap read per stretch of the feed, whether any instance changed them since. The version
// is bumped by triggers on the rule table in the writer's own transaction, so every writer counts: the API,
// rule packs, the demo seed, and an edit made straight in the database. A rule change that commits is seen by
// the next stretch any instance reads; one rolled back bumps nothing.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("automationRuleVersion")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("version", "bigint", (c) => c.notNull())
    .execute();
  await db.insertInto("automationRuleVersion").values({ id: 1, version: 0 }).execute();
  const bump = sql.raw(`UPDATE "automationRuleVersion" SET "version" = "version" + 1 WHERE "id" = 1`);
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`CREATE FUNCTION "automationRuleChanged"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${bump}; RETURN NULL; END $$`.execute(db);
    await sql`CREATE TRIGGER "automationRule_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "automationRule" FOR EACH STATEMENT EXECUTE FUNCTION "automationRuleChanged"()`.execute(
      db,
    );
    return;
  }
  for (const change of ["INSERT", "UPDATE", "DELETE"])
    await sql`CREATE TRIGGER ${sql.raw(`"automationRule_version_${change.toLowerCase()}"`)} AFTER ${sql.raw(change)} ON "automationRule" BEGIN ${bump}; END`.execute(
      db,
    );
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`DROP TRIGGER "automationRule_version" ON "automationRule"`.execute(db);
    await sql`DROP FUNCTION "automationRuleChanged"()`.execute(db);
  } else for (const change of ["insert", "update", "delete"]) await sql`DROP TRIGGER ${sql.raw(`"automationRule_version_${change}"`)}`.execute(db);
  await db.schema.dropTable("automationRuleVersion").execute();
}
