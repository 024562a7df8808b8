// The workspace's quiet hours (one row, migration 200): off with 8:00–21:00 until an admin sets them.
import type { QuietHours } from "../../src/protocol/scheduled-sends";
import type { Executor } from "../db/executor";
import { automationDb } from "./automations.schema";

const DEFAULT: QuietHours = { enabled: false, from: "08:00", to: "21:00" };

export async function quietHoursOf(db: Executor): Promise<QuietHours> {
  const row = await automationDb(db).selectFrom("quietHours").selectAll().where("id", "=", 1).executeTakeFirst();
  return row ? { enabled: row.enabled === 1, from: row.fromTime, to: row.toTime } : DEFAULT;
}

export async function saveQuietHours(db: Executor, q: QuietHours, at: string): Promise<void> {
  const values = { enabled: q.enabled ? 1 : 0, fromTime: q.from, toTime: q.to, updatedAt: at };
  await automationDb(db)
    .insertInto("quietHours")
    .values({ id: 1, ...values })
    .onConflict((oc) => oc.column("id").doUpdateSet(values))
    .execute();
}
