// A due timer is never lost and never runs twice: an instance that took it and died (a claim with no commit
// after it), and a rule transaction that throws half-way (a crash before its commit), both leave the timer to
// run again once its lease has expired — once, whoever runs it. A timer that keeps failing is given up.
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startServer, tempDbFile, waitFor, type TestServer } from "../support/server";
import { createPostgresDatabase, onPostgres } from "../support/test-database";
import { workspace, type Workspace } from "./support/workspace";
import { automationCursor } from "../../server/automations/automations.repository";
import { automationDb } from "../../server/automations/automations.schema";
import { automationClock } from "../../server/automations/engine";
import { runDueTimers } from "../../server/automations/timers";
import { claimDueTimers } from "../../server/automations/timers.repository";
import { feedHead } from "../../server/push/push-jobs.repository";
import type { ServerContext } from "../../server/context";

let server: TestServer;
let w: Workspace;
let phone = 5550800;
const t0 = new Date("2030-03-06T15:00:00Z").getTime();
const at = (minutes: number) => new Date(t0 + minutes * 60_000);
beforeAll(async () => {
  server = await startServer();
  w = await workspace(server);
  automationClock.now = () => new Date(t0);
  const res = await server.call("POST", "/v1/automations/rules", {
    token: w.token.admin,
    json: { name: "Nudge", trigger: { type: "noAgentReply", minutes: 10 }, actions: [{ type: "addNote", body: "No reply for 10 minutes" }] },
  });
  expect(res.status).toBe(201);
});
afterAll(async () => {
  automationClock.now = () => new Date();
  await server?.close();
});
afterEach(() => {
  automationClock.now = () => new Date(t0);
});

const settled = () =>
  waitFor("the engine to catch up", async () => {
    const { db } = server.app.ctx.database;
    return (await automationCursor(db)) >= (await feedHead(db));
  });
const textIn = async () => {
  const res = await server.call("POST", "/v1/simulator/inbound", {
    token: w.token.alice,
    json: { inboxId: w.mainLine, from: `+1415${phone++}`, body: "hello?" },
  });
  expect(res.status).toBe(201);
  await settled();
  return res.body.message.conversationId as string;
};
const nudges = async (id: string) =>
  (await server.call("GET", `/v1/conversations/${id}/messages`, { token: w.token.admin })).body.notes.filter((n: { body: string }) =>
    n.body.startsWith("No reply"),
  ).length;
const timerOf = (id: string) =>
  automationDb(server.app.ctx.database.db).selectFrom("automationTimer").selectAll().where("conversationId", "=", id).executeTakeFirstOrThrow();

/** The server's context with a database whose note inserts throw: a crash in the middle of a rule's actions. */
class NotesFail implements KyselyPlugin {
  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    if (node.kind === "InsertQueryNode" && node.into?.table.identifier.name === "note") throw new Error("simulated crash while adding the note");
    return node;
  }
  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}
const crashing = (): ServerContext => {
  const ctx = server.app.ctx;
  return { ...ctx, database: { ...ctx.database, db: ctx.database.db.withPlugin(new NotesFail()) } } as ServerContext;
};

it("an instance that took a due timer and died: nobody else runs it while its lease lasts; after that, once", async () => {
  const id = await textIn();
  const taken = await claimDueTimers(server.app.ctx.database.db, "dead-instance", at(11).toISOString(), at(12).toISOString(), 50);
  expect(taken.map((t) => t.conversationId)).toContain(id);
  expect(await runDueTimers(server.app.ctx, "b", at(11.5))).toBe(0); // still leased
  expect(await nudges(id)).toBe(0);
  await Promise.all([runDueTimers(server.app.ctx, "b", at(12.5)), runDueTimers(server.app.ctx, "c", at(12.5))]);
  expect(await nudges(id)).toBe(1);
  expect(await runDueTimers(server.app.ctx, "d", at(60))).toBe(0);
  expect(await nudges(id)).toBe(1);
  expect((await timerOf(id)).status).toBe("done");
});

it("a rule transaction that throws before its commit: the timer stays pending, runs after the lease, once", async () => {
  const id = await textIn();
  expect(await runDueTimers(crashing(), "crashes", at(11))).toBe(1);
  expect(await nudges(id)).toBe(0);
  expect(await timerOf(id)).toMatchObject({ status: "pending", attempts: 1 });
  const runs = await automationDb(server.app.ctx.database.db)
    .selectFrom("automationRun")
    .select("id")
    .where("triggerKey", "=", `timer:${(await timerOf(id)).id}`)
    .execute();
  expect(runs).toHaveLength(0); // the run-log line rolled back with the actions
  expect(await runDueTimers(server.app.ctx, "b", at(11.5))).toBe(0);
  await runDueTimers(server.app.ctx, "b", at(12.1));
  expect(await nudges(id)).toBe(1);
  await runDueTimers(server.app.ctx, "c", at(90));
  expect(await nudges(id)).toBe(1);
});

it("a timer that fails every time is given up after 5 attempts, and the run log says so", async () => {
  const id = await textIn();
  for (let i = 0; i < 5; i++) await runDueTimers(crashing(), "crashes", at(11 + i * 2));
  expect(await timerOf(id)).toMatchObject({ status: "pending", attempts: 5 });
  await runDueTimers(crashing(), "crashes", at(30));
  expect((await timerOf(id)).status).toBe("done");
  const timer = await timerOf(id);
  const run = await automationDb(server.app.ctx.database.db)
    .selectFrom("automationRun")
    .selectAll()
    .where("triggerKey", "=", `timer:${timer.id}`)
    .executeTakeFirstOrThrow();
  expect(run).toMatchObject({ outcome: "skipped" });
  expect(JSON.parse(run.detail)).toEqual(["failed: gave up after 5 attempts"]);
  expect(await nudges(id)).toBe(0);
});

describe.skipIf(!onPostgres)(
  `after a dead instance's lease, on 3 PostgreSQL instances${onPostgres ? "" : " (skipped: runs in the server-postgres pass)"}`,
  () => {
    const servers: TestServer[] = [];
    afterAll(async () => {
      for (const s of servers) await s.close();
    });

    it("each of the timers it held runs exactly once, whichever instance takes it", { timeout: 90_000 }, async () => {
      const url = await createPostgresDatabase(tempDbFile());
      servers.push(await startServer({ databaseUrl: url }));
      for (let i = 1; i < 3; i++) servers.push(await startServer({ databaseUrl: url, seed: "none" }));
      const ws = await workspace(servers[0]);
      automationClock.now = () => new Date(t0);
      const made = await servers[0].call("POST", "/v1/automations/rules", {
        token: ws.token.admin,
        json: { name: "Nudge", trigger: { type: "noAgentReply", minutes: 10 }, actions: [{ type: "addNote", body: "Held by the dead one" }] },
      });
      expect(made.status).toBe(201);
      const TEXTS = 20;
      for (let i = 0; i < TEXTS; i++)
        await servers[i % 3].call("POST", "/v1/simulator/inbound", {
          token: ws.token.alice,
          json: { inboxId: ws.mainLine, from: `+1415556${1000 + i}`, body: "hi" },
        });
      const { db } = servers[0].app.ctx.database;
      await waitFor(
        "the engines to start every timer",
        async () => (await automationDb(db).selectFrom("automationTimer").select("id").execute()).length >= TEXTS,
        30_000,
      );
      const held = await claimDueTimers(db, "dead-instance", at(11).toISOString(), at(12).toISOString(), 100);
      expect(held).toHaveLength(TEXTS);
      expect((await Promise.all(servers.map((s, i) => runDueTimers(s.app.ctx, `i${i}`, at(11.5))))).reduce((a, b) => a + b, 0)).toBe(0);
      const taken = await Promise.all(servers.map((s, i) => runDueTimers(s.app.ctx, `i${i}`, at(12.5))));
      expect(taken.reduce((a, b) => a + b, 0)).toBe(TEXTS);
      const notes = await db.selectFrom("note").select("conversationId").where("body", "=", "Held by the dead one").execute();
      expect(notes).toHaveLength(TEXTS);
      expect(new Set(notes.map((n) => n.conversationId)).size).toBe(TEXTS);
    });
  },
);
