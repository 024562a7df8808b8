// The engine keeps up with ingest by committing in batches (issue 17's performance): an engine pass over a
// stretch of the feed writes its timer starts and cancels, its skipped run-log lines and the cursor's move in
// ONE transaction, and a pass over due timers fires many in one transaction — each still once, and a timer whose
// rule throws holds up none of the others. Counted on SQLite, where a commit is the cost (one writer, an fsync
// each); PostgreSQL runs the same code and is covered by the multi-instance suites.
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { automationCursor, moveAutomationCursor } from "../../server/automations/automations.repository";
import { automationDb } from "../../server/automations/automations.schema";
import { automationClock, runAutomations } from "../../server/automations/engine";
import { runDueTimers } from "../../server/automations/timers";
import type { ServerContext } from "../../server/context";
import { feedHead } from "../../server/push/push-jobs.repository";
import { startServer, waitFor, type TestServer } from "../support/server";
import { onPostgres } from "../support/test-database";
import { workspace, type Workspace } from "./support/workspace";

let server: TestServer;
let w: Workspace;
let phone = 5551000;
const t0 = new Date("2030-03-06T15:00:00Z").getTime();
const PARKED = 1e12; // the real loop's cursor while a test runs the engine itself: it sees nothing to read

/** The server's context with a database that counts transactions and writes made outside one (each its own commit). */
function counting(fail?: KyselyPlugin) {
  const ctx = server.app.ctx;
  const real = fail ? ctx.database.db.withPlugin(fail) : ctx.database.db;
  const count = { transactions: 0, writesOutside: 0 };
  const db = new Proxy(real, {
    get(target, prop) {
      if (prop === "transaction") count.transactions++;
      if (prop === "insertInto" || prop === "updateTable" || prop === "deleteFrom") count.writesOutside++;
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { ctx: { ...ctx, database: { ...ctx.database, db } } as ServerContext, count };
}

/** Note inserts into one conversation throw: a rule whose actions fail half-way. */
class NotesFailIn implements KyselyPlugin {
  constructor(private conversationId: string) {}
  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    if (node.kind === "InsertQueryNode" && node.into?.table.identifier.name === "note" && JSON.stringify(node).includes(this.conversationId))
      throw new Error("simulated failure adding the note");
    return node;
  }
  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}

const rule = async (json: Record<string, unknown>) => {
  const res = await server.call("POST", "/v1/automations/rules", { token: w.token.admin, json });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.rule.id as string;
};
const runsOf = (ruleId: string) => automationDb(server.app.ctx.database.db).selectFrom("automationRun").selectAll().where("ruleId", "=", ruleId).execute();
const timersOf = (ruleId: string) => automationDb(server.app.ctx.database.db).selectFrom("automationTimer").selectAll().where("ruleId", "=", ruleId).execute();

describe.skipIf(onPostgres)(`engine and timer passes commit in batches${onPostgres ? " (skipped: counts SQLite commits)" : ""}`, () => {
  let nudge: string;
  let urgent: string;
  let welcome: string;
  let from: number;
  beforeAll(async () => {
    automationClock.now = () => new Date(t0);
    server = await startServer();
    w = await workspace(server);
    nudge = await rule({ name: "Nudge", trigger: { type: "noAgentReply", minutes: 10 }, actions: [{ type: "addNote", body: "No reply for 10 minutes" }] });
    urgent = await rule({
      name: "Urgent",
      trigger: { type: "message.inbound" },
      conditions: [{ type: "bodyContains", text: "urgent" }],
      actions: [{ type: "addNote", body: "!" }],
    });
    welcome = await rule({
      name: "Welcome",
      trigger: { type: "message.inbound", first: true },
      conditions: [{ type: "bodyContains", text: "hello" }],
      actions: [{ type: "addNote", body: "Welcome note" }],
    });
    const { db } = server.app.ctx.database;
    await waitFor("the engine to catch up", async () => (await automationCursor(db)) >= (await feedHead(db)));
    from = await automationCursor(db);
    expect(await moveAutomationCursor(db, from, PARKED)).toBe(true);
  });
  afterAll(async () => {
    automationClock.now = () => new Date();
    await server?.close();
  });

  // 20 texts through HTTP one by one: 7–13 s on this 2-core machine at load 20–30, past the default 20 s when test files run side by side.
  it("an engine pass over 20 texts: 20 fired rules, their 20 timers, 20 skip lines and the cursor's move in one commit", { timeout: 60_000 }, async () => {
    for (let i = 0; i < 20; i++) {
      const res = await server.call("POST", "/v1/simulator/inbound", {
        token: w.token.alice,
        json: { inboxId: w.mainLine, from: `+1415${phone++}`, body: "hello?" },
      });
      expect(res.status).toBe(201);
    }
    const { db } = server.app.ctx.database;
    const head = await feedHead(db);
    // No await that yields to a timer between these two lines on SQLite: the real loop cannot take the stretch first.
    await moveAutomationCursor(db, PARKED, from);
    const { ctx, count } = counting();
    expect(await runAutomations(ctx)).toBeGreaterThan(40);
    expect(await automationCursor(db)).toBe(head);
    expect(count).toEqual({ transactions: 1, writesOutside: 0 });
    // The next stretch is the rule's own 20 notes, which trigger nothing (loop-proof); then nothing.
    expect(await runAutomations(ctx)).toBe(20);
    expect(await runAutomations(ctx)).toBe(0);
    expect((await timersOf(nudge)).filter((t) => t.status === "pending")).toHaveLength(20);
    // The skips are one row per text (all its skipped rules), not a run-log row per rule; the rule's log shows them.
    expect((await runsOf(urgent)).filter((r) => r.outcome === "skipped")).toEqual([]);
    const skipRows = await automationDb(db).selectFrom("automationSkip").selectAll().where("position", ">", from).execute();
    expect(skipRows).toHaveLength(20);
    const logged = (await server.call("GET", `/v1/automations/rules/${urgent}/runs`, { token: w.token.admin })).body.runs;
    expect(logged).toHaveLength(20);
    expect(logged.every((r: { outcome: string; detail: string[] }) => r.outcome === "skipped" && r.detail.join().includes("does not contain"))).toBe(true);
    const fired = await runsOf(welcome);
    expect(fired.filter((r) => r.outcome === "fired")).toHaveLength(20);
    const notes = await db.selectFrom("note").select("conversationId").where("body", "=", "Welcome note").execute();
    expect(new Set(notes.map((n) => n.conversationId)).size).toBe(20);
    expect(notes).toHaveLength(20);
    await moveAutomationCursor(db, await automationCursor(db), PARKED);
  });

  it("20 due timers fire in one transaction, each once; one whose rule throws holds up no other and stays pending", async () => {
    const timers = (await timersOf(nudge)).filter((t) => t.status === "pending");
    expect(timers).toHaveLength(20);
    const at = new Date(t0 + 11 * 60_000);
    const ok = counting();
    // First pass: all 20 due, in one transaction... with one of them failing, so all are rolled back and run one by one.
    const bad = timers[7].conversationId;
    const failing = counting(new NotesFailIn(bad));
    expect(await runDueTimers(failing.ctx, "a", at)).toBe(20);
    expect(failing.count.transactions).toBe(1 + 20);
    const after = await timersOf(nudge);
    expect(after.filter((t) => t.status === "done")).toHaveLength(19);
    expect(after.find((t) => t.conversationId === bad)?.status).toBe("pending");
    expect((await runsOf(nudge)).filter((r) => r.outcome === "fired")).toHaveLength(19);

    // Its lease over, the one left runs once; and a batch that does not fail is one transaction.
    expect(await runDueTimers(ok.ctx, "b", new Date(at.getTime() + 61_000))).toBe(1);
    expect(ok.count.transactions).toBe(1);
    expect((await timersOf(nudge)).every((t) => t.status === "done")).toBe(true);
    const fired = (await runsOf(nudge)).filter((r) => r.outcome === "fired");
    expect(new Set(fired.map((r) => r.conversationId)).size).toBe(20);
    expect(fired).toHaveLength(20);
  });

  it("many due timers in one transaction: 60 due, one pass, one commit, each fired once", async () => {
    const { db } = server.app.ctx.database;
    const conversations = (await db.selectFrom("conversation").select("id").execute()).map((c) => c.id);
    const due = new Date(t0 + 20 * 60_000).toISOString();
    await automationDb(db)
      .insertInto("automationTimer")
      .values(
        Array.from({ length: 60 }, (_, i) => ({
          id: `atim_batch${i}`,
          ruleId: nudge,
          triggerKey: `batch-${i}`,
          conversationId: conversations[i % conversations.length],
          dueAt: due,
          status: "pending",
          createdAt: due,
        })),
      )
      .execute();
    const { ctx, count } = counting();
    expect(await runDueTimers(ctx, "c", new Date(t0 + 21 * 60_000))).toBe(60);
    expect(count.transactions).toBe(1);
    const fired = (await runsOf(nudge)).filter((r) => r.triggerKey.startsWith("timer:atim_batch") && r.outcome === "fired");
    expect(fired).toHaveLength(60);
    expect((await timersOf(nudge)).filter((t) => t.id.startsWith("atim_batch") && t.status === "done")).toHaveLength(60);
  });
});
