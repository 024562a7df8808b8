// The SQL of brand templates: HQ's templates, each location's copy (the slots it changed) and the inbox
// templates that show a copy in the location's inboxes.
import type { BrandTemplate } from "../../src/protocol/locations";
import type { Executor } from "../db/executor";
import { brandDb } from "./brand-templates.schema";

type Row = {
  id: string;
  name: string;
  body: string;
  slots: string;
  shortcut: string | null;
  locationIds: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
};
const toBrand = (r: Row): BrandTemplate => ({ ...r, slots: JSON.parse(r.slots), locationIds: r.locationIds === null ? null : JSON.parse(r.locationIds) });
const toRow = (b: BrandTemplate): Row => ({ ...b, slots: JSON.stringify(b.slots), locationIds: b.locationIds === null ? null : JSON.stringify(b.locationIds) });

export async function listBrandTemplates(db: Executor): Promise<BrandTemplate[]> {
  return (await brandDb(db).selectFrom("brandTemplate").selectAll().orderBy("name").orderBy("id").execute()).map(toBrand);
}
export async function findBrandTemplate(db: Executor, id: string): Promise<BrandTemplate | null> {
  const row = await brandDb(db).selectFrom("brandTemplate").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toBrand(row) : null;
}
export async function insertBrandTemplate(db: Executor, brand: BrandTemplate) {
  await brandDb(db).insertInto("brandTemplate").values(toRow(brand)).execute();
}
export async function updateBrandTemplate(db: Executor, brand: BrandTemplate) {
  const { id, createdAt, ...rest } = toRow(brand);
  await brandDb(db).updateTable("brandTemplate").set(rest).where("id", "=", id).execute();
}

export type Copy = { brandTemplateId: string; locationId: string; slotValues: Record<string, string>; updatedAt: string; updatedBy: string | null };
export async function copiesOf(db: Executor, brandTemplateId: string | null, locationId: string | null = null): Promise<Copy[]> {
  let query = brandDb(db).selectFrom("brandTemplateCopy").selectAll();
  if (brandTemplateId) query = query.where("brandTemplateId", "=", brandTemplateId);
  if (locationId) query = query.where("locationId", "=", locationId);
  return (await query.execute()).map((r) => ({ ...r, slotValues: JSON.parse(r.slotValues) }));
}
export async function insertCopy(db: Executor, copy: Copy) {
  await brandDb(db)
    .insertInto("brandTemplateCopy")
    .values({ ...copy, slotValues: JSON.stringify(copy.slotValues) })
    .execute();
}
export async function saveSlotValues(db: Executor, brandTemplateId: string, locationId: string, slotValues: Record<string, string>, at: string, by: string) {
  await brandDb(db)
    .updateTable("brandTemplateCopy")
    .set({ slotValues: JSON.stringify(slotValues), updatedAt: at, updatedBy: by })
    .where("brandTemplateId", "=", brandTemplateId)
    .where("locationId", "=", locationId)
    .execute();
}
export async function deleteCopy(db: Executor, brandTemplateId: string, locationId: string) {
  await brandDb(db).deleteFrom("brandTemplateCopy").where("brandTemplateId", "=", brandTemplateId).where("locationId", "=", locationId).execute();
}

export const instancesOf = (db: Executor, brandTemplateId: string, locationId: string) =>
  brandDb(db).selectFrom("brandTemplateInstance").selectAll().where("brandTemplateId", "=", brandTemplateId).where("locationId", "=", locationId).execute();
export async function insertInstance(db: Executor, row: { templateId: string; brandTemplateId: string; locationId: string; inboxId: string }) {
  await brandDb(db).insertInto("brandTemplateInstance").values(row).execute();
}
export async function brandOfTemplate(db: Executor, templateId: string): Promise<string | undefined> {
  return (await brandDb(db).selectFrom("brandTemplateInstance").select("brandTemplateId").where("templateId", "=", templateId).executeTakeFirst())
    ?.brandTemplateId;
}
