// Showing a brand template's copy in a location: one inbox template per inbox of the location, with HQ's
// text and the location's slots filled in (their own value, else HQ's default). Being inbox templates, the
// copies reach exactly the people who see those inboxes — in the list, the feed and the stream.
import type { BrandTemplate } from "../../src/protocol/locations";
import type { Template } from "../../src/protocol/entities";
import type { Tx } from "../events/transaction";
import { newId, now } from "../ids";
import { inboxIdsOfLocations } from "../locations/locations.repository";
import { deleteTemplate, findTemplateById, insertTemplate, updateTemplate } from "./templates.repository";
import { copiesOf, deleteCopy, insertCopy, insertInstance, instancesOf } from "./brand-templates.repository";

/** HQ's body with each slot replaced by the location's value or the default. */
export function renderBrand(brand: BrandTemplate, values: Record<string, string>): string {
  return brand.slots.reduce((body, slot) => body.split(`{{${slot.name}}}`).join(values[slot.name] ?? slot.default), brand.body);
}

/** Makes the brand's copies match its locations and text: new copies, changed ones, and removed ones. */
export async function pushBrand(tx: Tx, brand: BrandTemplate, allLocationIds: string[], actorId: string) {
  const targets = brand.locationIds ?? allLocationIds;
  const copies = await copiesOf(tx.db, brand.id);
  for (const copy of copies) {
    if (!targets.includes(copy.locationId)) await removeCopy(tx, brand, copy.locationId, actorId);
  }
  for (const locationId of targets) {
    let copy = copies.find((c) => c.locationId === locationId);
    if (!copy) {
      copy = { brandTemplateId: brand.id, locationId, slotValues: {}, updatedAt: now(), updatedBy: null };
      await insertCopy(tx.db, copy);
    }
    // Slots HQ no longer offers fall back to nothing: their values are dropped from the rendering.
    await showCopy(tx, brand, locationId, copy.slotValues, actorId);
  }
}

/** The location's inbox templates for the copy, created, changed or removed to match. */
export async function showCopy(tx: Tx, brand: BrandTemplate, locationId: string, values: Record<string, string>, actorId: string) {
  const inboxIds = await inboxIdsOfLocations(tx.db, [locationId]);
  const instances = await instancesOf(tx.db, brand.id, locationId);
  const body = renderBrand(brand, values);
  for (const instance of instances) {
    const template = await findTemplateById(tx.db, instance.templateId);
    if (!template) continue;
    if (!inboxIds.includes(instance.inboxId)) {
      await deleteTemplate(tx.db, template.id);
      await tx.emit("template.deleted", template, { actorId, action: null });
      continue;
    }
    const next: Template = { ...template, name: brand.name, body, shortcut: brand.shortcut };
    if (JSON.stringify(next) === JSON.stringify(template)) continue;
    next.updatedAt = now();
    await updateTemplate(tx.db, next);
    await tx.emit("template.updated", next, { actorId, action: "updated" });
  }
  for (const inboxId of inboxIds.filter((i) => !instances.some((x) => x.inboxId === i))) {
    const at = now();
    const template: Template = { id: newId("tpl"), name: brand.name, body, inboxId, shortcut: brand.shortcut, media: [], createdAt: at, updatedAt: at };
    await insertTemplate(tx.db, template);
    await insertInstance(tx.db, { templateId: template.id, brandTemplateId: brand.id, locationId, inboxId });
    await tx.emit("template.created", template, { actorId, action: "created" });
  }
}

async function removeCopy(tx: Tx, brand: BrandTemplate, locationId: string, actorId: string) {
  for (const instance of await instancesOf(tx.db, brand.id, locationId)) {
    const template = await findTemplateById(tx.db, instance.templateId);
    if (!template) continue;
    await deleteTemplate(tx.db, template.id);
    await tx.emit("template.deleted", template, { actorId, action: null });
  }
  await deleteCopy(tx.db, brand.id, locationId);
}
