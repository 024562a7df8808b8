// Dry run over the demo's seeded month of history: a draft after-hours rule for Main line is replayed against
// the last 30 days of the feed; its counts match the texts counted independently from the feed (inbound, Main
// line, outside Main line's business hours at their own time), and nothing is written or sent. Bad drafts: 400.
import { afterAll, beforeAll, expect, it } from "vitest";
import { sql } from "kysely";
import { startServer, waitFor, type TestServer } from "../support/server";
import { positionColumn } from "../../server/events/events.repository";
import { workspace, type Workspace } from "./support/workspace";
import { isWithinHours } from "../../server/automations/business-hours";
import { feedEventsBetween, hoursOf } from "../../server/automations/automations.repository";
import { feedHead } from "../../server/push/push-jobs.repository";

let server: TestServer;
let w: Workspace;
beforeAll(async () => {
  server = await startServer({ seedHistory: true });
  w = await workspace(server);
});
afterAll(() => server?.close());

const count = async (table: "message" | "automationRun" | "note") =>
  Number(
    (
      await (server.app.ctx.database.db as any)
        .selectFrom(table)
        .select((eb: any) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

it("replays the month: the after-hours draft would answer exactly the Main line texts that came outside hours", async () => {
  const { db } = server.app.ctx.database;
  const hours = (await hoursOf(db, w.mainLine))!;
  const since = Date.now() - 30 * 24 * 3_600_000;
  // The feed as its readers see it. On PostgreSQL the sequencer numbers the seeded month after the seed commits:
  // wait until it has numbered every event, or the feed read here is shorter than what the dry run reads.
  await waitFor(
    "every seeded event numbered",
    async () => Number((await sql<{ n: number }>`select count(*) as n from event where ${sql.ref(positionColumn(db))} is null`.execute(db)).rows[0].n) === 0,
    60_000,
    100,
  );
  const feed = await feedEventsBetween(db, 0, await feedHead(db), 1_000_000);
  const inbound = feed
    .map(({ event }) => ({ createdAt: event.createdAt, actorId: event.actorId, type: event.type, m: event.data as { direction?: string; inboxId?: string } }))
    .filter((e) => e.type === "message.created" && e.m.direction === "inbound" && Date.parse(e.createdAt) >= since && e.actorId !== "automation");
  const mainLine = inbound.filter((e) => e.m.inboxId === w.mainLine);
  const afterHours = mainLine.filter((e) => !isWithinHours(hours, new Date(e.createdAt)));
  expect(afterHours.length).toBeGreaterThan(10); // the seeded month has evenings and weekends
  const before = await Promise.all([count("message"), count("automationRun"), count("note")]);

  const res = await server.call("POST", "/v1/automations/rules/dry-run", {
    token: w.token.admin,
    json: {
      name: "After hours (draft)",
      trigger: { type: "message.inbound" },
      conditions: [
        { type: "inbox", inboxIds: [w.mainLine] },
        { type: "businessHours", within: false },
      ],
      actions: [{ type: "sendText", body: "We're closed" }],
    },
  });
  expect(res.status).toBe(200);
  const run = res.body.dryRun;
  expect(run.triggered).toBe(inbound.length);
  expect(run.wouldAct).toBe(afterHours.length);
  expect(run.skipped).toEqual(
    expect.arrayContaining([
      { reason: "condition false: another inbox", count: inbound.length - mainLine.length },
      { reason: "condition false: within business hours", count: mainLine.length - afterHours.length },
    ]),
  );
  expect(run.examples.length).toBe(Math.min(50, inbound.length));
  expect(Date.parse(run.examples[0].at)).toBeGreaterThanOrEqual(Date.parse(run.examples.at(-1).at));
  expect(await Promise.all([count("message"), count("automationRun"), count("note")])).toEqual(before);
});

it("a timer trigger, a bad draft or an agent: refused", async () => {
  const draft = { name: "x", trigger: { type: "noAgentReply", minutes: 5 }, actions: [{ type: "addNote", body: "x" }] };
  expect((await server.call("POST", "/v1/automations/rules/dry-run", { token: w.token.admin, json: draft })).status).toBe(400);
  expect((await server.call("POST", "/v1/automations/rules/dry-run", { token: w.token.admin, json: { ...draft, actions: [] } })).status).toBe(400);
  const ok = { ...draft, trigger: { type: "message.inbound" } };
  expect((await server.call("POST", "/v1/automations/rules/dry-run", { token: w.token.alice, json: ok })).status).toBe(403);
});
