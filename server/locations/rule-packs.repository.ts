// The SQL of rule packs: HQ's packs and the automation rules made from them, one per pack rule and location.
import type { RulePack } from "../../src/protocol/locations";
import type { Executor } from "../db/executor";
import { packDb } from "./rule-packs.schema";

export type StoredPack = Omit<RulePack, "states">;
type Row = { id: string; name: string; version: number; rules: string; locationIds: string | null; createdAt: string; updatedAt: string };
const toPack = (r: Row): StoredPack => ({ ...r, rules: JSON.parse(r.rules), locationIds: r.locationIds === null ? null : JSON.parse(r.locationIds) });
const toRow = (p: StoredPack): Row => ({ ...p, rules: JSON.stringify(p.rules), locationIds: p.locationIds === null ? null : JSON.stringify(p.locationIds) });

export async function listPacks(db: Executor): Promise<StoredPack[]> {
  return (await packDb(db).selectFrom("rulePack").selectAll().orderBy("name").orderBy("id").execute()).map(toPack);
}
export async function findPack(db: Executor, id: string): Promise<StoredPack | null> {
  const row = await packDb(db).selectFrom("rulePack").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toPack(row) : null;
}
export async function savePack(db: Executor, pack: StoredPack, creating: boolean) {
  if (creating) await packDb(db).insertInto("rulePack").values(toRow(pack)).execute();
  else {
    const { id, createdAt, ...rest } = toRow(pack);
    await packDb(db).updateTable("rulePack").set(rest).where("id", "=", id).execute();
  }
}

export type PackRuleRow = {
  ruleId: string;
  packId: string;
  ruleKey: string;
  locationId: string;
  version: number;
  locked: number;
  mayTurnOff: number;
  pushedDefinition: string;
};
export function packRules(db: Executor, filter: { packId?: string; locationId?: string; ruleId?: string }): Promise<PackRuleRow[]> {
  let query = packDb(db).selectFrom("rulePackRule").selectAll();
  if (filter.packId) query = query.where("packId", "=", filter.packId);
  if (filter.locationId) query = query.where("locationId", "=", filter.locationId);
  if (filter.ruleId) query = query.where("ruleId", "=", filter.ruleId);
  return query.orderBy("packId").orderBy("ruleKey").execute();
}
export async function insertPackRule(db: Executor, row: PackRuleRow) {
  await packDb(db).insertInto("rulePackRule").values(row).execute();
}
export async function updatePackRule(db: Executor, row: PackRuleRow) {
  const { ruleId, ...rest } = row;
  await packDb(db).updateTable("rulePackRule").set(rest).where("ruleId", "=", ruleId).execute();
}
