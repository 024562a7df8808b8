// The benchmark's generator folds its feed into the rollups in passes of 50,000 events (bench/analytics-generate.ts),
// the server in passes of 2,000 and, when texts trickle in, of one. The rows must come out the same, or the
// 10 M-message numbers would measure other rollups than the server keeps.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { generate } from "../../bench/analytics-generate";
import { analyticsDb } from "../../server/analytics/analytics.schema";
import { catchUp } from "../../server/analytics/consumer";
import { clearRollups } from "../../server/analytics/rollups.repository";
import type { ServerContext } from "../../server/context";
import { openDatabase } from "../../server/db/database";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-bulk-fold-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function tables(db: Awaited<ReturnType<typeof openDatabase>>["db"]) {
  const adb = analyticsDb(db);
  const daily = await adb.selectFrom("analyticsDaily").selectAll().orderBy("agentId").orderBy("inboxId").orderBy("day").execute();
  return {
    daily: daily.map((r) => ({ ...r, durations: JSON.parse(r.durations) })),
    states: await adb.selectFrom("analyticsConversation").selectAll().orderBy("conversationId").execute(),
    failed: await adb.selectFrom("analyticsFailedMessage").selectAll().orderBy("messageId").execute(),
    tags: await adb.selectFrom("analyticsContactTags").selectAll().orderBy("contactId").execute(),
  };
}

it("the generator's bulk fold gives the same rollup rows as the server's passes of 2,000 and of 1", { timeout: 120_000 }, async () => {
  const file = path.join(dir, "fold.db");
  const g = await generate(file, { locations: 3, messages: 2_500, days: 6, log: () => {}, foldBatch: 50_000 });
  expect(g.events).toBeGreaterThan(2_000); // more than one server pass, fewer than one bulk pass
  const database = await openDatabase(`sqlite:${file}`);
  try {
    const ctx = { database, log: { error: console.error } } as unknown as ServerContext;
    const bulk = await tables(database.db);
    expect(bulk.daily.length).toBeGreaterThan(10);
    expect(bulk.daily.some((r) => r.optOuts > 0 && r.failed > 0)).toBe(true);
    for (const batch of [2_000, 1]) {
      await database.db.transaction().execute((trx) => clearRollups(trx));
      expect(await catchUp(ctx, () => false, batch)).toBe(g.events);
      expect(await tables(database.db), `passes of ${batch}`).toEqual(bulk);
    }
  } finally {
    await database.close();
  }
});
