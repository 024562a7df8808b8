// With nothing to deliver to (no webhook endpoint, no CRM connected) the fan-outs do not move their cursors on
// every committed batch: that was a write, and on SQLite a durable commit, per batch for nothing. The cursor
// follows the head a stretch at a time, so an endpoint or a CRM connected later may read a little of the feed
// from before it: each gets only what happened after it was made.
import { afterAll, beforeAll, expect, it } from "vitest";
import { headSeq } from "../../server/events/events.repository";
import { fanOutCrmJobs } from "../../server/integrations/crm/crm-fanout";
import { crmCursor } from "../../server/integrations/crm/crm-jobs.repository";
import { fanOutWebhooks } from "../../server/integrations/webhooks/webhook-fanout";
import { webhookCursor } from "../../server/integrations/webhooks/webhook-jobs.repository";
import { startFakeHubspot, type FakeHubspot } from "../support/fakes/hubspot";
import { startServer, waitFor, type TestServer } from "../support/server";
import { startReceiver, type Receiver } from "./support/webhook-receiver";
import { workspace, type Workspace } from "./support/workspace";
import { connectHubspot } from "./support/crm";

let s: TestServer;
let w: Workspace;
let r: Receiver;
let hub: FakeHubspot;
beforeAll(async () => {
  [s, r, hub] = await Promise.all([startServer(), startReceiver(), startFakeHubspot()]);
  w = await workspace(s);
  // HubSpot knows all three numbers, so each text would be logged if it were anyone's.
  for (const [id, phone] of [
    ["601", "(415) 555-7001"],
    ["602", "(415) 555-7002"],
    ["603", "(415) 555-7003"],
  ])
    hub.contacts.push({ id, properties: { firstname: "Pat", lastname: `No. ${id}`, phone } });
});
afterAll(async () => {
  await s?.close();
  await r?.close();
  await hub?.close();
});

const textIn = async (from: string, body: string) => {
  const res = await s.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json: { inboxId: w.mainLine, from, body } });
  expect(res.status).toBe(201);
  return res.body.message as { id: string };
};

it("leaves the cursors where they were for a short stretch, and what is connected later gets only what follows", async () => {
  const { ctx } = s.app;
  const { db } = ctx.database;
  const at = () => new Date().toISOString();
  // The seed's history is a long stretch: read once, the cursors stand at the head.
  await fanOutWebhooks(ctx, at());
  await fanOutCrmJobs(ctx);
  const [webhooksAt, crmAt] = [await webhookCursor(db), await crmCursor(db)];
  const before = [await textIn("+14155557001", "before the endpoint"), await textIn("+14155557002", "before HubSpot")];
  expect(await headSeq(db)).toBeGreaterThan(webhooksAt);
  expect(await fanOutWebhooks(ctx, at())).toEqual({ queued: 0, more: false });
  expect(await fanOutCrmJobs(ctx)).toEqual({ queued: 0, more: false });
  expect([await webhookCursor(db), await crmCursor(db)]).toEqual([webhooksAt, crmAt]);

  // An endpoint and a CRM connected now: the stretch behind the cursors is read, but only later texts go out.
  const endpoint = await s.call("POST", "/v1/webhooks", { token: w.token.admin, json: { url: r.url, eventTypes: ["message.created"] } });
  expect(endpoint.status).toBe(201);
  await connectHubspot(s, w.token.admin, hub);
  const after = await textIn("+14155557003", "after both");
  await waitFor("the later text's webhook", () => r.received.length >= 1);
  await waitFor("the later text's HubSpot log", () => hub.communications.size >= 1);
  await new Promise((done) => setTimeout(done, 500)); // anything else that would go out, would have by now
  expect(r.received.map((x) => JSON.parse(x.body).data.id)).toEqual([after.id]);
  const logged = [...hub.communications.values()].map((c) => c.properties.hs_communication_body as string);
  expect(logged).toHaveLength(1);
  expect(logged[0]).toMatch(/after both$/);
  expect(JSON.stringify(logged)).not.toMatch(new RegExp(before.map(() => "before").join("|")));
});
