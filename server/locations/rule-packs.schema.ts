// The rule-pack tables (migration 160_locations), typed beside the code that uses them.
import type { Kysely, Transaction } from "kysely";
import type { Executor } from "../db/executor";

interface PackTables {
  rulePack: { id: string; name: string; version: number; rules: string; locationIds: string | null; createdAt: string; updatedAt: string };
  /** An automation rule made from a pack for one location; pushedDefinition is what HQ sent (drift: the rule differs). */
  rulePackRule: {
    ruleId: string;
    packId: string;
    ruleKey: string;
    locationId: string;
    version: number;
    locked: number;
    mayTurnOff: number;
    pushedDefinition: string;
  };
}

export const packDb = (db: Executor) => db as unknown as Kysely<PackTables> | Transaction<PackTables>;
