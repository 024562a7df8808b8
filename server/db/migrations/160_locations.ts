import type { Kysely } from "kysely";

// Issue 18: the organisation (one row), its regions and locations; every inbox belongs to one location (those
// from before go to the default location "loc_main"); scoped roles (regional manager of a region, location
// admin of a location); brand templates with each location's copy; rule packs with the rules made from them.
export async function up(db: Kysely<any>): Promise<void> {
  const at = new Date().toISOString();
  await db.schema
    .createTable("organisation")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("updatedAt", "text", (c) => c.notNull())
    .execute();
  await db.insertInto("organisation").values({ id: 1, name: "Headquarters", updatedAt: at }).execute();
  await db.schema
    .createTable("region")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("createdAt", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("location")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("regionId", "text", (c) => c.references("region.id"))
    .addColumn("createdAt", "text", (c) => c.notNull())
    .execute();
  await db.insertInto("location").values({ id: "loc_main", name: "Main location", regionId: null, createdAt: at }).execute();
  // No REFERENCES: SQLite cannot add a referencing column with a non-null default. Services check the location.
  await db.schema
    .alterTable("inbox")
    .addColumn("locationId", "text", (c) => c.notNull().defaultTo("loc_main"))
    .execute();
  await db.schema.createIndex("inbox_location").on("inbox").columns(["locationId"]).execute();
  await db.schema
    .createTable("staffRole")
    .addColumn("userId", "text", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull()) // regional_manager | location_admin
    .addColumn("regionId", "text", (c) => c.references("region.id").onDelete("cascade"))
    .addColumn("locationId", "text", (c) => c.references("location.id").onDelete("cascade"))
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addUniqueConstraint("staffRole_once", ["userId", "role", "regionId", "locationId"])
    .execute();
  await db.schema.createIndex("staffRole_user").on("staffRole").columns(["userId"]).execute();
  await db.schema
    .createTable("brandTemplate")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("slots", "text", (c) => c.notNull()) // JSON [{name, label, default}]: the editable ones
    .addColumn("shortcut", "text")
    .addColumn("locationIds", "text") // JSON array; null: every location
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addColumn("updatedAt", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("brandTemplateCopy")
    .addColumn("brandTemplateId", "text", (c) => c.notNull().references("brandTemplate.id").onDelete("cascade"))
    .addColumn("locationId", "text", (c) => c.notNull().references("location.id").onDelete("cascade"))
    .addColumn("slotValues", "text", (c) => c.notNull()) // JSON {name: value}: only the slots the location changed
    .addColumn("updatedAt", "text", (c) => c.notNull())
    .addColumn("updatedBy", "text")
    .addPrimaryKeyConstraint("brandTemplateCopy_pk", ["brandTemplateId", "locationId"])
    .execute();
  // The copy is shown as ordinary inbox templates (one per inbox of the location): listing, feed and stream
  // visibility then follow the inbox as for every template.
  await db.schema
    .createTable("brandTemplateInstance")
    .addColumn("templateId", "text", (c) => c.primaryKey().references("template.id").onDelete("cascade"))
    .addColumn("brandTemplateId", "text", (c) => c.notNull().references("brandTemplate.id").onDelete("cascade"))
    .addColumn("locationId", "text", (c) => c.notNull())
    .addColumn("inboxId", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("brandTemplateInstance_brand").on("brandTemplateInstance").columns(["brandTemplateId", "locationId"]).execute();
  await db.schema
    .createTable("rulePack")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("rules", "text", (c) => c.notNull()) // JSON [{key, name, locked, mayTurnOff, definition}]
    .addColumn("locationIds", "text") // JSON array; null: every location
    .addColumn("createdAt", "text", (c) => c.notNull())
    .addColumn("updatedAt", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("rulePackRule")
    .addColumn("ruleId", "text", (c) => c.primaryKey().references("automationRule.id").onDelete("cascade"))
    .addColumn("packId", "text", (c) => c.notNull().references("rulePack.id").onDelete("cascade"))
    .addColumn("ruleKey", "text", (c) => c.notNull())
    .addColumn("locationId", "text", (c) => c.notNull().references("location.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull()) // the pack version it was made from
    .addColumn("locked", "integer", (c) => c.notNull())
    .addColumn("mayTurnOff", "integer", (c) => c.notNull())
    .addColumn("pushedDefinition", "text", (c) => c.notNull()) // JSON as pushed: drift is the rule differing from it
    .addUniqueConstraint("rulePackRule_once", ["packId", "ruleKey", "locationId"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["rulePackRule", "rulePack", "brandTemplateInstance", "brandTemplateCopy", "brandTemplate", "staffRole"]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.dropIndex("inbox_location").execute();
  await db.schema.alterTable("inbox").dropColumn("locationId").execute();
  for (const table of ["location", "region", "organisation"]) await db.schema.dropTable(table).execute();
}
