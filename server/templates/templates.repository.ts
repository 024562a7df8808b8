import type { Selectable } from "kysely";
import type { Template } from "../../src/protocol/entities";
import type { Executor } from "../db/executor";
import type { TemplateTable } from "../db/schema";

export const toTemplate = (r: Selectable<TemplateTable>): Template => ({
  id: r.id,
  name: r.name,
  body: r.body,
  inboxId: r.inboxId,
  shortcut: r.shortcut,
  media: JSON.parse(r.media),
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});
const toRow = ({ media, ...template }: Template) => ({ ...template, media: JSON.stringify(media) });

/** Workspace templates (no inbox) and those of the given inboxes, by name. */
export async function listTemplates(db: Executor, inboxIds: readonly string[]): Promise<Template[]> {
  const rows = await db
    .selectFrom("template")
    .selectAll()
    .where((eb) => (inboxIds.length ? eb.or([eb("inboxId", "is", null), eb("inboxId", "in", inboxIds)]) : eb("inboxId", "is", null)))
    .orderBy("name")
    .orderBy("id")
    .execute();
  return rows.map(toTemplate);
}

export async function findTemplateById(db: Executor, id: string): Promise<Template | null> {
  const row = await db.selectFrom("template").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toTemplate(row) : null;
}

export async function insertTemplate(db: Executor, template: Template): Promise<void> {
  await db.insertInto("template").values(toRow(template)).execute();
}

export async function updateTemplate(db: Executor, template: Template): Promise<void> {
  const { id, createdAt, ...rest } = toRow(template);
  await db.updateTable("template").set(rest).where("id", "=", id).execute();
}

export async function deleteTemplate(db: Executor, id: string): Promise<void> {
  await db.deleteFrom("template").where("id", "=", id).execute();
}
