// The CRM log is durable and idempotent: jobs queued while HubSpot is down survive a restart of the server
// and are logged once afterwards; a replay of the feed (cursor moved back) or of the jobs updates the
// records it made, never a second Communication.
import { afterAll, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { startFakeHubspot } from "../support/fakes/hubspot";
import { workspace } from "./support/workspace";
import { crmDb } from "../../server/integrations/crm/crm.schema";
import { crmCursor } from "../../server/integrations/crm/crm-jobs.repository";
import { connectHubspot } from "./support/crm";

const waitFor = async <T>(what: () => Promise<T | undefined | null | false>, ms = 15_000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (value) return value;
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
};

const servers: TestServer[] = [];
const hub = await startFakeHubspot();
afterAll(async () => {
  for (const s of servers) await s.close().catch(() => {});
  await hub.close();
});

it("logs each text once across a restart mid-queue, and a replayed feed or job updates instead of duplicating", { timeout: 60_000 }, async () => {
  hub.contacts.push({ id: "601", properties: { firstname: "Lee", lastname: "Park", mobilephone: "+14155550166" } });
  const first = await startServer();
  servers.push(first);
  let w = await workspace(first);
  await connectHubspot(first, w.token.admin, hub);

  const beforeTexts = await crmCursor(first.app.ctx.database.db);
  hub.failNext(10_000, { status: 503, body: { status: "error", message: "Service unavailable", category: "INTERNAL_ERROR" } });
  for (const body of ["one", "two", "three"])
    await first.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json: { inboxId: w.mainLine, from: "+14155550166", body } });
  const jobs = () => crmDb(servers.at(-1)!.app.ctx.database.db).selectFrom("crmJob").selectAll().where("kind", "=", "message").execute();
  await waitFor(async () => {
    const rows = await jobs();
    // Each tried and refused, or held behind an earlier text of the contact that was (same reason).
    return (
      rows.length === 3 && rows.every((j) => j.status === "pending" && /HubSpot answered 503/.test(j.lastError ?? "")) && rows.some((j) => j.attempts >= 1)
    );
  });
  expect((await jobs())[0].lastError).toMatch(/HubSpot answered 503/);
  expect(hub.communications.size).toBe(0);
  await first.close();
  servers.pop();

  hub.stopFailing();
  const second = await startServer({}, first.dbFile);
  servers.push(second);
  w = await workspace(second);
  await waitFor(async () => (await jobs()).every((j) => j.status === "done"));
  const bodies = () => [...hub.communications.values()].map((c) => c.properties.hs_communication_body.split("\n\n")[1]).sort();
  expect(bodies()).toEqual(["one", "three", "two"]);

  // Replay: the feed read again from before the texts (the jobs raised again), and every job asked for again by hand.
  const posts = () => hub.requests.filter((r) => r.method === "POST" && r.path === "/crm/v3/objects/communications/batch/create").length;
  const postsBefore = posts();
  const db = crmDb(second.app.ctx.database.db);
  await db.updateTable("crmCursor").set({ position: beforeTexts }).execute();
  await db.updateTable("crmJob").set({ status: "pending", version: 99 }).execute();
  const patchesBefore = hub.requests.filter((r) => r.method === "PATCH").length;
  await waitFor(async () => hub.requests.filter((r) => r.method === "PATCH").length >= patchesBefore + 3 && (await jobs()).every((j) => j.status === "done"));
  expect(posts()).toBe(postsBefore);
  expect(bodies()).toEqual(["one", "three", "two"]);
});
