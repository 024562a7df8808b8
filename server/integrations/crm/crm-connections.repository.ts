// The SQL of CRM connections. Credentials stay sealed in the row; the CrmConnection entity has no field for them.
import type { Selectable } from "kysely";
import type { Executor } from "../../db/executor";
import type { CrmConnection } from "../../../src/protocol/crm";
import { crmDb, type CrmConnectionTable } from "./crm.schema";

export type CrmConnectionRow = Selectable<CrmConnectionTable>;

export const toCrmConnection = (r: CrmConnectionRow): CrmConnection => ({
  id: r.id,
  provider: r.provider as CrmConnection["provider"],
  label: r.label,
  apiBase: r.apiBase,
  logMode: r.logMode as CrmConnection["logMode"],
  fieldMap: JSON.parse(r.fieldMap),
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export const allConnections = (db: Executor) => crmDb(db).selectFrom("crmConnection").selectAll().orderBy("createdAt").execute();

export const findConnection = (db: Executor, id: string) => crmDb(db).selectFrom("crmConnection").selectAll().where("id", "=", id).executeTakeFirst();

export async function insertConnection(db: Executor, row: CrmConnectionRow): Promise<void> {
  await crmDb(db).insertInto("crmConnection").values(row).execute();
}

export async function updateConnection(db: Executor, id: string, changes: Partial<CrmConnectionRow>): Promise<void> {
  await crmDb(db).updateTable("crmConnection").set(changes).where("id", "=", id).execute();
}

export async function deleteConnection(db: Executor, id: string): Promise<boolean> {
  const done = await crmDb(db).deleteFrom("crmConnection").where("id", "=", id).executeTakeFirst();
  return Number(done.numDeletedRows) > 0;
}
