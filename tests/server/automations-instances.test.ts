// Three server instances on one PostgreSQL: every text fires its rule exactly once whichever instance took it
// and whichever reads the feed first, and each due timer runs on exactly one instance.
import { afterAll, describe, expect, it } from "vitest";
import { startServer, tempDbFile, waitFor, type TestServer } from "../support/server";
import { createPostgresDatabase, NO_POSTGRES, onPostgres, postgresAvailable } from "../support/test-database";
import { workspace } from "./support/workspace";
import { automationCursor } from "../../server/automations/automations.repository";
import { automationDb } from "../../server/automations/automations.schema";
import { automationClock } from "../../server/automations/engine";
import { runDueTimers } from "../../server/automations/timers";
import { feedHead } from "../../server/push/push-jobs.repository";

const skipReason = postgresAvailable ? "runs in the server-postgres pass" : NO_POSTGRES;

describe.skipIf(!onPostgres)(`automations on several instances${onPostgres ? "" : ` (skipped: ${skipReason})`}`, () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    automationClock.now = () => new Date();
    for (const s of servers) await s.close();
  });

  it("fires each rule once per text and runs each due timer once across 3 instances", { timeout: 90_000 }, async () => {
    const url = await createPostgresDatabase(tempDbFile());
    servers.push(await startServer({ databaseUrl: url }));
    for (let i = 1; i < 3; i++) servers.push(await startServer({ databaseUrl: url, seed: "none" }));
    const w = await workspace(servers[0]);
    const t0 = Date.now();
    automationClock.now = () => new Date(t0);
    for (const [name, trigger] of [
      ["Tag every text", { type: "message.inbound" }],
      ["Nudge", { type: "noAgentReply", minutes: 5 }],
    ] as const) {
      const res = await servers[0].call("POST", "/v1/automations/rules", {
        token: w.token.admin,
        json: { name, trigger, actions: [{ type: "addNote", body: name }] },
      });
      expect(res.status).toBe(201);
    }
    const TEXTS = 30;
    await Promise.all(
      Array.from({ length: TEXTS }, (_, i) =>
        servers[i % 3].call("POST", "/v1/simulator/inbound", {
          token: w.token.alice,
          json: { inboxId: w.mainLine, from: `+1415555${String(1000 + i)}`, body: `text ${i}` },
        }),
      ),
    );
    const { db } = servers[0].app.ctx.database;
    await waitFor("every instance's engine to catch up", async () => (await automationCursor(db)) >= (await feedHead(db)), 30_000);
    const notes = async (body: string) =>
      Number((await db.selectFrom("note").select(db.fn.countAll().as("n")).where("body", "=", body).executeTakeFirstOrThrow()).n);
    await waitFor("a note per text", async () => (await notes("Tag every text")) >= TEXTS, 30_000);
    expect(await notes("Tag every text")).toBe(TEXTS);
    expect(await automationDb(db).selectFrom("automationTimer").select("id").where("status", "=", "pending").execute()).toHaveLength(TEXTS);

    const due = new Date(t0 + 6 * 60_000);
    const taken = await Promise.all(servers.map((s, i) => runDueTimers(s.app.ctx, `i${i}`, due)));
    expect(taken.reduce((a, b) => a + b, 0)).toBe(TEXTS);
    expect(await notes("Nudge")).toBe(TEXTS);
    const runs = await automationDb(db).selectFrom("automationRun").select(["ruleId", "triggerKey"]).execute();
    expect(new Set(runs.map((r) => `${r.ruleId}/${r.triggerKey}`)).size).toBe(runs.length);
  });
});
