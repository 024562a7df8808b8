// Three server instances on one PostgreSQL: each text's sequence runs its later steps exactly once, whichever
// instance's background loop claims them first (the claim and the step's transaction, migration 280).
import { afterAll, describe, expect, it } from "vitest";
import { automationCursor } from "../../server/automations/automations.repository";
import { automationDb } from "../../server/automations/automations.schema";
import { automationClock } from "../../server/automations/engine";
import { feedHead } from "../../server/push/push-jobs.repository";
import { startServer, tempDbFile, waitFor, type TestServer } from "../support/server";
import { sleep } from "../support/wait";
import { createPostgresDatabase, NO_POSTGRES, onPostgres, postgresAvailable } from "../support/test-database";
import { workspace } from "./support/workspace";

const skipReason = postgresAvailable ? "runs in the server-postgres pass" : NO_POSTGRES;

describe.skipIf(!onPostgres)(`sequences on several instances${onPostgres ? "" : ` (skipped: ${skipReason})`}`, () => {
  const servers: TestServer[] = [];
  let offset = 0;
  afterAll(async () => {
    automationClock.now = () => new Date();
    for (const s of servers) await s.close();
  });

  it("runs each step of 30 sequences once across 3 instances", { timeout: 120_000 }, async () => {
    automationClock.now = () => new Date(Date.now() + offset);
    const url = await createPostgresDatabase(tempDbFile());
    servers.push(await startServer({ databaseUrl: url }));
    for (let i = 1; i < 3; i++) servers.push(await startServer({ databaseUrl: url, seed: "none" }));
    const w = await workspace(servers[0]);
    const res = await servers[0].call("POST", "/v1/automations/rules", {
      token: w.token.admin,
      json: {
        name: "Two follow-ups",
        trigger: { type: "message.inbound", first: true },
        actions: [
          { type: "wait", minutes: 5 },
          { type: "addNote", body: "Follow-up 1" },
          { type: "wait", minutes: 5 },
          { type: "addNote", body: "Follow-up 2" },
        ],
      },
    });
    expect(res.status).toBe(201);
    const TEXTS = 30;
    await Promise.all(
      Array.from({ length: TEXTS }, (_, i) =>
        servers[i % 3].call("POST", "/v1/simulator/inbound", {
          token: w.token.alice,
          json: { inboxId: w.mainLine, from: `+1415556${String(1000 + i)}`, body: `text ${i}` },
        }),
      ),
    );
    const { db } = servers[0].app.ctx.database;
    await waitFor("every instance's engine to catch up", async () => (await automationCursor(db)) >= (await feedHead(db)), 30_000);
    const steps = (status: string) => (db as any).selectFrom("automationStep").select("id").where("status", "=", status).execute();
    await waitFor("a step per text", async () => (await steps("pending")).length === TEXTS, 30_000);
    const notes = async (body: string) =>
      Number((await db.selectFrom("note").select(db.fn.countAll().as("n")).where("body", "=", body).executeTakeFirstOrThrow()).n);

    offset = 6 * 60_000;
    await waitFor("every first follow-up", async () => (await notes("Follow-up 1")) >= TEXTS, 30_000);
    offset = 12 * 60_000;
    await waitFor("every second follow-up", async () => (await notes("Follow-up 2")) >= TEXTS, 30_000);
    await sleep(500); // a second copy would be written by now
    expect(await notes("Follow-up 1")).toBe(TEXTS);
    expect(await notes("Follow-up 2")).toBe(TEXTS);
    expect(await steps("done")).toHaveLength(2 * TEXTS);
    const runs = await automationDb(db).selectFrom("automationRun").select(["triggerKey", "outcome"]).execute();
    expect(runs.filter((r) => r.triggerKey.startsWith("step:") && r.outcome === "fired")).toHaveLength(2 * TEXTS);
  });
});
