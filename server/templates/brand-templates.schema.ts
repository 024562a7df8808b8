// The brand-template tables (migration 160_locations), typed beside the code that uses them.
import type { Kysely, Transaction } from "kysely";
import type { Executor } from "../db/executor";

interface BrandTables {
  brandTemplate: {
    id: string;
    name: string;
    body: string;
    /** JSON [{name, label, default}]: the slots locations may fill. */
    slots: string;
    shortcut: string | null;
    /** JSON array of location ids; null: every location. */
    locationIds: string | null;
    version: number;
    createdAt: string;
    updatedAt: string;
  };
  /** One location's copy: the slot values it changed (JSON {name: value}). */
  brandTemplateCopy: { brandTemplateId: string; locationId: string; slotValues: string; updatedAt: string; updatedBy: string | null };
  /** The inbox template that shows a copy in one inbox of the location. */
  brandTemplateInstance: { templateId: string; brandTemplateId: string; locationId: string; inboxId: string };
}

/** The same connection seen with the brand-template tables' types. */
export const brandDb = (db: Executor) => db as unknown as Kysely<BrandTables> | Transaction<BrandTables>;
