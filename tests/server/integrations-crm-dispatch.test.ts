// The CRM log's dispatch at speed (issue 16, Performance): several contacts' texts logged side by side and
// their creates sent together through HubSpot's batch create, each text exactly once and a contact's texts in
// order; a failure worth retrying holds the rest of its contact's line (order kept); a 429's Retry-After holds
// the whole connection, other contacts too; and a job whose worker died after HubSpot made the record and
// before its id was stored finds that record instead of making a second.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { startFakeHubspot, type FakeHubspot } from "../support/fakes/hubspot";
import { runDueCrmJobs } from "../../server/integrations/crm/crm-worker";
import { crmDb } from "../../server/integrations/crm/crm.schema";
import { workspace, type Workspace } from "./support/workspace";
import { connectHubspot } from "./support/crm";

let s: TestServer;
let w: Workspace;
let hub: FakeHubspot;

const waitFor = async <T>(what: () => Promise<T | undefined | null | false>, ms = 30_000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (value) return value;
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
};

const BATCH_CREATE = "/crm/v3/objects/communications/batch/create";
const phone = (n: number) => `+1415555${String(2000 + n)}`;
const text = (from: string, body: string) => s.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json: { inboxId: w.mainLine, from, body } });
const jobs = () => crmDb(s.app.ctx.database.db).selectFrom("crmJob").selectAll().where("kind", "=", "message").execute();
const allLogged = async () => (await jobs()).every((j) => j.status === "done");
/** Every job done, contact syncs too (on PostgreSQL a conversation's sync comes after its first text in the feed). */
const allDone = async () => (await crmDb(s.app.ctx.database.db).selectFrom("crmJob").select("status").execute()).every((j) => j.status === "done");
/** The texts logged on a HubSpot contact, in the order HubSpot made their records. */
const loggedOn = (contactId: string) =>
  [...hub.communications]
    .filter(([, c]) => c.associations.some((a) => a.typeId === 81 && a.id === contactId))
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, c]) => c.properties.hs_communication_body.split("\n\n")[1]);

const servers: TestServer[] = [];
/** A server of its own per test: a Retry-After held in one would hold the next test's connection too. */
async function fresh() {
  s = await startServer();
  servers.push(s);
  w = await workspace(s);
  await connectHubspot(s, w.token.admin, hub);
}

beforeAll(async () => {
  hub = await startFakeHubspot();
  for (let n = 0; n < 10; n++) hub.contacts.push({ id: String(800 + n), properties: { firstname: "Pat", lastname: String(n), phone: phone(n) } });
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await hub?.close();
});

/** Three contacts text at once, each its own six texts one after another. */
const burst = (contacts: number[]) =>
  Promise.all(
    contacts.map(async (n) => {
      for (let i = 1; i <= 6; i++) expect((await text(phone(n), `c${n} #${i}`)).status).toBeLessThan(300);
    }),
  );
const sixOf = (n: number) => [1, 2, 3, 4, 5, 6].map((i) => `c${n} #${i}`);

it("logs many contacts' texts side by side, creates batched, each exactly once and in order per contact; exactly once with other workers racing", {
  timeout: 120_000,
}, async () => {
  await fresh();
  const before = hub.requests.length;
  await burst([0, 1, 2]);
  await waitFor(async () => (await jobs()).length === 18 && allLogged());
  for (const n of [0, 1, 2]) expect(loggedOn(String(800 + n))).toEqual(sixOf(n));
  // Two more workers claim beside the server's (as other instances would): still each text once. (Across
  // instances a contact's texts may be logged out of order: order is kept within one worker's batch.)
  let racing = true;
  const racer = async (name: string) => {
    while (racing) if ((await runDueCrmJobs(s.app.ctx, name)) === 0) await new Promise((r) => setTimeout(r, 5));
  };
  const racers = [racer("racer-a"), racer("racer-b")];
  await burst([3, 4, 5]);
  await waitFor(async () => (await jobs()).length === 36 && allLogged());
  racing = false;
  await Promise.all(racers);
  for (const n of [3, 4, 5]) expect(loggedOn(String(800 + n)).sort()).toEqual(sixOf(n));
  const batches = hub.requests.slice(before).filter((r) => r.path === BATCH_CREATE);
  expect(batches.some((r) => (r.body as { inputs: unknown[] }).inputs.length > 1)).toBe(true);
  expect(hub.requests.slice(before).filter((r) => r.path === "/crm/v3/objects/communications")).toHaveLength(0);
});

/** Texts from `from` left pending: HubSpot refuses the first one with a 503 asking for an hour, and the wait holds the rest. */
async function heldTexts(from: string, bodies: string[]) {
  hub.failNext(1, { status: 503, headers: { "retry-after": "3600" }, body: { status: "error", message: "Busy", category: "INTERNAL_ERROR" } });
  for (const body of bodies) await text(from, body);
  return waitFor(async () => {
    const mine = (await jobs()).filter((j) => j.status === "pending");
    return mine.length === bodies.length && mine.every((j) => Date.parse(j.runAt) > Date.now() + 3000_000) && mine;
  });
}

it("holds a contact's later texts when an earlier one fails (no Retry-After): they go after it, in order", { timeout: 120_000 }, async () => {
  await fresh();
  // The contact synced and a first text logged, so its line is only texts.
  await text(phone(6), "first");
  await waitFor(async () => (await jobs()).length === 1 && allDone());
  await heldTexts(phone(6), ["one", "two", "three"]);
  const hour = Date.now() + 3700_000;
  hub.failNext(1, { status: 502, body: { status: "error", message: "Bad gateway", category: "INTERNAL_ERROR" } });
  const before = hub.requests.length;
  expect(await runDueCrmJobs(s.app.ctx, "test", { now: () => hour })).toBe(3);
  // One request (the refused "one"); "two" and "three" were not sent after it.
  expect(hub.requests.slice(before).filter((r) => r.path === BATCH_CREATE)).toHaveLength(1);
  const pending = (await jobs()).filter((j) => j.status === "pending");
  expect(pending.map((j) => j.attempts).sort()).toEqual([0, 0, 2]);
  expect(new Set(pending.map((j) => j.runAt)).size).toBe(1);
  expect(pending.filter((j) => j.attempts === 0).map((j) => j.lastError)).toEqual([
    "Waits for an earlier text of this contact: HubSpot answered 502: Bad gateway",
    "Waits for an earlier text of this contact: HubSpot answered 502: Bad gateway",
  ]);
  expect(await runDueCrmJobs(s.app.ctx, "test", { now: () => hour + 3600_000 })).toBe(3);
  expect(loggedOn("806")).toEqual(["first", "one", "two", "three"]);
});

it("honours a 429's Retry-After for the whole connection: another contact's text waits too, unsent", { timeout: 120_000 }, async () => {
  await fresh();
  await text(phone(7), "hello");
  await text(phone(8), "hi");
  await waitFor(async () => (await jobs()).length === 2 && allDone());
  const [first] = await heldTexts(phone(7), ["held"]);
  const before = hub.requests.length;
  hub.failNext(1, { status: 429, headers: { "retry-after": "30" }, body: { status: "error", message: "Secondly limit", category: "RATE_LIMITS" } });
  const at = Date.parse(first.runAt) + 1000;
  // The 429 meets "held" (alone in its batch); then another contact's text arrives and is claimed while the wait lasts.
  expect(await runDueCrmJobs(s.app.ctx, "test", { now: () => at })).toBe(1);
  await text(phone(8), "other contact");
  const other = await waitFor(async () => (await jobs()).find((j) => j.status === "pending" && Date.parse(j.runAt) > at && j.attempts === 0));
  expect(other.lastError).toBe("HubSpot asked to wait");
  expect(await runDueCrmJobs(s.app.ctx, "test", { now: () => at + 1000 })).toBe(0); // "held" due at +30 s, and the other's server run deferred it
  const sent = hub.requests.slice(before).filter((r) => r.path === BATCH_CREATE);
  expect(
    sent.map((r) =>
      (r.body as { inputs: Array<{ properties: Record<string, string> }> }).inputs.map((i) => i.properties.hs_communication_body.split("\n\n")[1]),
    ),
  ).toEqual([["held"]]);
  const held = (await jobs()).filter((j) => j.status === "pending");
  expect(held).toHaveLength(2);
  expect(held.every((j) => Date.parse(j.runAt) >= at + 29_000)).toBe(true);
  expect(held.find((j) => j.id === other.id)!.attempts).toBe(0);
  expect(await runDueCrmJobs(s.app.ctx, "test", { now: () => at + 31_000 })).toBe(2);
  expect(loggedOn("807")).toEqual(["hello", "held"]);
  expect(loggedOn("808")).toEqual(["hi", "other contact"]);
});

it("a job whose worker died between HubSpot's create and the stored id finds that record and updates it, not a second one", { timeout: 120_000 }, async () => {
  await fresh();
  await text(phone(9), "before the crash");
  await waitFor(async () => (await jobs()).length === 1 && allLogged());
  const db = crmDb(s.app.ctx.database.db);
  const [job] = await jobs();
  const record = await db.selectFrom("crmRecord").selectAll().where("entityId", "=", job.entityId).executeTakeFirstOrThrow();
  const made = hub.communications.size;
  // What a crash before the settle leaves: the record made in HubSpot, no id stored, the job claimed by a dead worker whose claim ran out.
  await db.deleteFrom("crmRecord").where("entityId", "=", job.entityId).execute();
  const ranOut = new Date(Date.now() + 3600_000);
  await db
    .updateTable("crmJob")
    .set({ status: "pending", claimedBy: "dead-worker", claimedUntil: new Date(ranOut.getTime() - 1000).toISOString() })
    .where("id", "=", job.id)
    .execute();
  expect(await runDueCrmJobs(s.app.ctx, "test", { now: () => ranOut.getTime() })).toBeGreaterThanOrEqual(1);
  expect(hub.communications.size).toBe(made);
  expect((await db.selectFrom("crmRecord").selectAll().where("entityId", "=", job.entityId).executeTakeFirstOrThrow()).crmRecordId).toBe(record.crmRecordId);
  expect((await db.selectFrom("crmJob").select("status").where("id", "=", job.id).executeTakeFirstOrThrow()).status).toBe("done");
  expect(loggedOn("809")).toEqual(["before the crash"]);
});
