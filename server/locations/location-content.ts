// What HQ pushed to a location follows its inboxes: when an inbox joins (or leaves) a location, the
// location's brand-template copies and pack rules are shown again for its current inboxes.
import type { ServerContext } from "../context";
import { inTransaction } from "../events/transaction";
import { copiesOf, listBrandTemplates } from "../templates/brand-templates.repository";
import { showCopy } from "../templates/brand-copies";
import { listPacks } from "./rule-packs.repository";
import { pushPack } from "./rule-packs";

export async function followLocationInboxes(ctx: ServerContext, locationIds: string[], actorId: string): Promise<void> {
  const { db } = ctx.database;
  const brands = await listBrandTemplates(db);
  await inTransaction(db, ctx.bus, async (tx) => {
    for (const locationId of locationIds) {
      for (const copy of await copiesOf(tx.db, null, locationId)) {
        const brand = brands.find((b) => b.id === copy.brandTemplateId);
        if (brand) await showCopy(tx, brand, locationId, copy.slotValues, actorId);
      }
    }
    for (const pack of await listPacks(tx.db)) {
      if (pack.locationIds === null || pack.locationIds.some((l) => locationIds.includes(l))) await pushPack(tx.db, pack);
    }
  });
}
