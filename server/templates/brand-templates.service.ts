// Brand templates (issue 18): HQ (owners and admins) writes a template once and pushes it to every location
// or some; the text is locked except for the slots HQ marks editable (`{{location.hours}}`, a sign-off),
// which a location's admins fill for their location. Everyone at a location sees the location's copy as an
// ordinary template of their inbox; HQ sees which locations changed which slots.
import type { z } from "zod";
import type { BrandSlotValuesBody, BrandTemplate, BrandTemplateBody, BrandTemplatePatchBody } from "../../src/protocol/locations";
import type { AuthedUser } from "../auth/authenticate";
import { requireAdmin, requireLocationAdmin } from "../auth/permissions";
import type { ServerContext } from "../context";
import { AppError, notFound } from "../errors";
import { inTransaction } from "../events/transaction";
import { changedFields, recordAdminChange } from "../audit/admin-changes";
import { newId, now } from "../ids";
import { listLocations } from "../locations/locations.repository";
import { copiesOf, findBrandTemplate, insertBrandTemplate, listBrandTemplates, saveSlotValues, updateBrandTemplate } from "./brand-templates.repository";
import { pushBrand, renderBrand, showCopy } from "./brand-copies";

type NewBrand = z.infer<typeof BrandTemplateBody>;

/** HQ's brand templates, each with its copies and the slots each location changed. */
export async function brandTemplatesForHq(ctx: ServerContext, user: AuthedUser) {
  requireAdmin(user);
  const { db } = ctx.database;
  const names = new Map((await listLocations(db)).map((l) => [l.id, l.name]));
  const copies = await copiesOf(db, null);
  return (await listBrandTemplates(db)).map((brand) => withCopies(brand, copies, names));
}

export async function createBrandTemplate(ctx: ServerContext, user: AuthedUser, input: NewBrand) {
  requireAdmin(user);
  const at = now();
  const brand: BrandTemplate = { id: newId("brt"), shortcut: null, locationIds: null, ...input, version: 1, createdAt: at, updatedAt: at };
  return save(ctx, user, brand, null);
}

/** A new version: every copy shows the new text, keeping the values locations gave the slots still offered. */
export async function changeBrandTemplate(ctx: ServerContext, user: AuthedUser, id: string, changes: z.infer<typeof BrandTemplatePatchBody>) {
  requireAdmin(user);
  const current = await findBrandTemplate(ctx.database.db, id);
  if (!current) throw notFound("Brand template");
  return save(ctx, user, { ...current, ...changes, version: current.version + 1, updatedAt: now() }, current);
}

/** The brand templates pushed to a location, as that location's copy (anyone who sees the location). */
export async function brandTemplatesOfLocation(ctx: ServerContext, user: AuthedUser, locationId: string) {
  const seen = user.role !== "agent" || (user.locationIds ?? []).includes(locationId) || (user.adminLocationIds ?? []).includes(locationId);
  if (!seen) throw notFound("Location");
  const { db } = ctx.database;
  const copies = await copiesOf(db, null, locationId);
  const brands = await listBrandTemplates(db);
  return copies.flatMap((copy) => {
    const brand = brands.find((b) => b.id === copy.brandTemplateId);
    if (!brand) return [];
    const slots = brand.slots.map((s) => ({ ...s, value: copy.slotValues[s.name] ?? s.default, changed: isChanged(copy.slotValues, s) }));
    return [{ brandTemplateId: brand.id, name: brand.name, body: brand.body, rendered: renderBrand(brand, copy.slotValues), version: brand.version, slots }];
  });
}

/** A location admin fills editable slots of their location's copy; any other part of the text is locked. */
export async function fillSlots(ctx: ServerContext, user: AuthedUser, locationId: string, brandId: string, input: z.infer<typeof BrandSlotValuesBody>) {
  requireLocationAdmin(user, locationId);
  const { db } = ctx.database;
  const brand = await findBrandTemplate(db, brandId);
  const [copy] = brand ? await copiesOf(db, brandId, locationId) : [];
  if (!brand || !copy) throw notFound("Brand template");
  const locked = Object.keys(input.slots).filter((name) => !brand.slots.some((s) => s.name === name));
  if (locked.length > 0) {
    throw new AppError(
      "validation_failed",
      `slots: ${locked.join(", ")} ${locked.length === 1 ? "is" : "are"} not editable: HQ locks the rest of "${brand.name}"`,
    );
  }
  const values = { ...copy.slotValues, ...input.slots };
  await inTransaction(db, ctx.bus, async (tx) => {
    await saveSlotValues(tx.db, brandId, locationId, values, now(), user.id);
    await showCopy(tx, brand, locationId, values, user.id);
    await recordAdminChange(tx, "audit.brand_slots.updated", user.id, {
      id: `${brandId}:${locationId}`,
      label: `Brand template “${brand.name}” at ${(await listLocations(tx.db)).find((l) => l.id === locationId)?.name ?? locationId}`,
      // What agents sent before: the location's value, else HQ's default.
      changes: changedFields(Object.fromEntries(brand.slots.map((sl) => [sl.name, copy.slotValues[sl.name] ?? sl.default])), values, Object.keys(input.slots)),
    });
  });
  return (await brandTemplatesOfLocation(ctx, user, locationId)).find((b) => b.brandTemplateId === brandId)!;
}

/** `before`: the version it replaces (null: a new template). */
async function save(ctx: ServerContext, user: AuthedUser, brand: BrandTemplate, before: BrandTemplate | null) {
  const missing = brand.slots.filter((s) => !brand.body.includes(`{{${s.name}}}`)).map((s) => s.name);
  if (missing.length > 0) throw new AppError("validation_failed", `slots: ${missing.join(", ")} must appear in the body as {{${missing[0]}}}`);
  if (new Set(brand.slots.map((s) => s.name)).size !== brand.slots.length) throw new AppError("validation_failed", "slots: each slot needs its own name");
  const { db } = ctx.database;
  const all = (await listLocations(db)).map((l) => l.id);
  const unknown = (brand.locationIds ?? []).filter((l) => !all.includes(l));
  if (unknown.length > 0) throw new AppError("validation_failed", `locationIds: no location ${unknown.join(", ")}`);
  await inTransaction(db, ctx.bus, async (tx) => {
    if (!before) await insertBrandTemplate(tx.db, brand);
    else await updateBrandTemplate(tx.db, brand);
    await pushBrand(tx, brand, all, user.id);
    await recordAdminChange(tx, before ? "audit.brand_template.updated" : "audit.brand_template.created", user.id, {
      id: brand.id,
      label: `Brand template “${brand.name}”`,
      changes: changedFields(before, brand, ["name", "body", "slots", "locationIds", "version"]),
    });
  });
  return (await brandTemplatesForHq(ctx, user)).find((b) => b.id === brand.id)!;
}

const isChanged = (values: Record<string, string>, slot: { name: string; default: string }) =>
  values[slot.name] !== undefined && values[slot.name] !== slot.default;

function withCopies(brand: BrandTemplate, copies: Awaited<ReturnType<typeof copiesOf>>, names: Map<string, string>) {
  return {
    ...brand,
    copies: copies
      .filter((c) => c.brandTemplateId === brand.id)
      .map((c) => ({
        locationId: c.locationId,
        locationName: names.get(c.locationId) ?? c.locationId,
        slotValues: c.slotValues,
        changedSlots: brand.slots.filter((s) => isChanged(c.slotValues, s)).map((s) => s.name),
        updatedAt: c.updatedAt,
      }))
      .sort((a, b) => a.locationName.localeCompare(b.locationName)),
  };
}
