// The run log's skip lines are one row per evaluated event (server/automations/skip-log.ts): a text that five
// rules skip writes one row, each rule's log still shows "skipped" with its reason newest first (admins only), a
// stretch read again does not judge a skipped rule anew, and a rule's page reads only the blocks it was skipped in.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, waitFor, type TestServer } from "../support/server";
import { workspace, type Workspace } from "./support/workspace";
import { automationCursor, moveAutomationCursor } from "../../server/automations/automations.repository";
import { automationDb } from "../../server/automations/automations.schema";
import { SKIP_BLOCK, skipRowOf, skipsOfRule } from "../../server/automations/skip-log";
import { logSkipRows } from "../../server/automations/skip-log.repository";
import { feedHead } from "../../server/push/push-jobs.repository";

let server: TestServer;
let w: Workspace;
let phone = 5550700;
beforeAll(async () => {
  server = await startServer();
  w = await workspace(server);
});
afterAll(() => server?.close());

const db = () => server.app.ctx.database.db;
const settled = () => waitFor("the engine to catch up", async () => (await automationCursor(db())) >= (await feedHead(db())));
const rule = async (name: string, conditions: unknown[]) => {
  const json = { name, trigger: { type: "message.inbound" }, conditions, actions: [{ type: "addNote", body: `${name} fired` }] };
  const res = await server.call("POST", "/v1/automations/rules", { token: w.token.admin, json });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.rule.id as string;
};
const textIn = async (from: string, body: string) => {
  const res = await server.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json: { inboxId: w.mainLine, from, body } });
  expect(res.status).toBe(201);
  await settled();
  return res.body.message.conversationId as string;
};
const log = async (ruleId: string, token = w.token.admin) => server.call("GET", `/v1/automations/rules/${ruleId}/runs`, { token });
const notes = async (id: string, body: string) =>
  (await server.call("GET", `/v1/conversations/${id}/messages`, { token: w.token.admin })).body.notes.filter((n: { body: string }) => n.body === body).length;

it("a text five rules skip writes one skip row; each rule's log shows its reason, newest first, to admins only", async () => {
  const ids = [];
  for (let i = 0; i < 5; i++) ids.push(await rule(`Urgent ${i}`, [{ type: "bodyContains", text: `urgent-${i}` }]));
  const skipsBefore = (await automationDb(db()).selectFrom("automationSkip").selectAll().execute()).length;
  const first = await textIn(`+1415${phone++}`, "hello");
  const second = await textIn(`+1415${phone++}`, "hi again");
  expect((await automationDb(db()).selectFrom("automationSkip").selectAll().execute()).length - skipsBefore).toBe(2);
  expect(await automationDb(db()).selectFrom("automationRun").selectAll().where("ruleId", "in", ids).execute()).toEqual([]);
  for (const [i, id] of ids.entries()) {
    const res = await log(id);
    expect(res.status).toBe(200);
    expect(res.body.runs.map((r: { conversationId: string; outcome: string; detail: string[] }) => [r.conversationId, r.outcome, r.detail])).toEqual([
      [second, "skipped", [`condition false: the text does not contain "urgent-${i}"`]],
      [first, "skipped", [`condition false: the text does not contain "urgent-${i}"`]],
    ]);
  }
  expect((await log(ids[0], w.token.alice)).status).toBe(403);
  for (const id of ids) expect((await server.call("DELETE", `/v1/automations/rules/${id}`, { token: w.token.admin })).status).toBe(204);
}, 60_000); // five rules, two texts and ten API calls: over 20 s on PostgreSQL at load 25

it("a stretch read again does not judge a skipped rule anew, though its condition now holds", async () => {
  const id = await rule("Pending only", [{ type: "status", in: ["pending"] }]);
  const before = await automationCursor(db());
  const conversation = await textIn(`+1415${phone++}`, "hello");
  expect((await log(id)).body.runs.map((r: { detail: string[] }) => r.detail)).toEqual([["condition false: status is open"]]);
  const parked = await server.call("PATCH", `/v1/conversations/${conversation}`, { token: w.token.alice, json: { status: "pending" } });
  expect(parked.status).toBe(200);
  await settled();
  // Read the text's stretch again (a restart, or a second instance behind): the skip row answers for the rule.
  await moveAutomationCursor(db(), await automationCursor(db()), before);
  await settled();
  expect(await notes(conversation, "Pending only fired")).toBe(0);
  expect((await log(id)).body.runs).toHaveLength(1);
  await server.call("DELETE", `/v1/automations/rules/${id}`, { token: w.token.admin });
});

it("a rule's page walks only the blocks holding its skips, newest first, leaving out rows of other rules", async () => {
  const mine = await rule("Mine", [{ type: "bodyContains", text: "never" }]);
  const other = await rule("Other", [{ type: "bodyContains", text: "never" }]);
  const base = 1_000_000 * SKIP_BLOCK; // far past the feed's head: the engine never reads these positions
  const at = (p: number) => `2030-01-01T00:00:${String(p % 60).padStart(2, "0")}.000Z`;
  const rows = [
    { p: base + 1, rules: [mine] },
    { p: base + 2, rules: [other] },
    { p: base + 3 * SKIP_BLOCK + 7, rules: [other, mine] },
    { p: base + 3 * SKIP_BLOCK + 9, rules: [other] },
    { p: base + 5 * SKIP_BLOCK, rules: [mine] },
  ];
  await logSkipRows(
    db(),
    rows.map(({ p, rules }) =>
      skipRowOf(
        p,
        rules.map((ruleId) => ({ ruleId, conversationId: "conv_x", detail: [`reason at ${p}`] })),
        at(p),
      ),
    ),
    rows.flatMap(({ p, rules }) => rules.map((ruleId) => ({ ruleId, block: Math.floor(p / SKIP_BLOCK) }))),
  );
  const page = (limit: number) => skipsOfRule(db(), mine, limit).then((runs) => runs.map((r) => r.detail[0]));
  expect(await page(10)).toEqual([`reason at ${base + 5 * SKIP_BLOCK}`, `reason at ${base + 3 * SKIP_BLOCK + 7}`, `reason at ${base + 1}`]);
  expect(await page(2)).toEqual([`reason at ${base + 5 * SKIP_BLOCK}`, `reason at ${base + 3 * SKIP_BLOCK + 7}`]);
  const blocks = await automationDb(db()).selectFrom("automationSkipRange").select("block").where("ruleId", "=", mine).execute();
  expect(blocks.map((b) => Number(b.block)).sort()).toEqual([base / SKIP_BLOCK, base / SKIP_BLOCK + 3, base / SKIP_BLOCK + 5].sort());
  // Deleting the rule deletes its blocks: its skips are no longer found (the rows stay, holding other rules too).
  await server.call("DELETE", `/v1/automations/rules/${mine}`, { token: w.token.admin });
  expect(await page(10)).toEqual([]);
  expect((await skipsOfRule(db(), other, 10)).map((r) => r.detail[0])).toEqual([
    `reason at ${base + 3 * SKIP_BLOCK + 9}`,
    `reason at ${base + 3 * SKIP_BLOCK + 7}`,
    `reason at ${base + 2}`,
  ]);
});
