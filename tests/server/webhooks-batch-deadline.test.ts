// A batch of webhook deliveries starts none after half its claim (wall clock): every one it starts ends and settles
// inside the claim, which another sender takes once it runs out. On a saturated machine a batch of 500 once
// outlived its claim and 34 deliveries went out twice. What the batch did not start goes back at once, due for
// the next batch. The jobs here are due an hour ahead, so only the test's calls (with a clock an hour on) send
// them, not the server's own loop.
import { afterAll, beforeAll, expect, it } from "vitest";
import { deliveryThreadStarted } from "../../server/integrations/webhooks/webhook-delivery-thread";
import { insertJobs } from "../../server/integrations/webhooks/webhook-jobs.repository";
import { sendDueWebhooks } from "../../server/integrations/webhooks/webhook-sender";
import { startServer, type TestServer } from "../support/server";
import { workspace, type Workspace } from "./support/workspace";
import { startReceiver, type Receiver } from "./support/webhook-receiver";

let s: TestServer;
let w: Workspace;
let r: Receiver;
beforeAll(async () => {
  [s, r] = await Promise.all([startServer(), startReceiver()]);
  w = await workspace(s);
  // Both batches on the delivery thread: its loading (seconds on a loaded machine) is not the test's.
  await deliveryThreadStarted();
});
afterAll(async () => {
  await s?.close();
  await r?.close();
});

it("starts no delivery once the batch is past its start window, gives the rest back, and sends each once", async () => {
  const res = await s.call("POST", "/v1/webhooks", { token: w.token.admin, json: { url: r.url, eventTypes: ["message.created"] } });
  expect(res.status).toBe(201);
  const endpointId = res.body.endpoint.id as string;
  const due = Date.now() + 3600_000;
  const jobs = Array.from({ length: 150 }, (_, i) => ({
    endpointId,
    messageId: `msg_deadline_${i}`,
    eventType: "message.created",
    orderKey: `conv_${i}`, // all independent: up to 64 side by side
    position: i + 1,
    payload: JSON.stringify({ type: "message.created", timestamp: new Date(due).toISOString(), data: { id: `m${i}` } }),
  }));
  const { db } = s.app.ctx.database;
  await insertJobs(db, jobs, new Date(due).toISOString());
  r.answer = { status: 200, body: "ok", delayMs: 300 };
  const clock = { now: () => due + 1000 };

  // 64 start at once and take 300 ms each; by then the 200 ms window has passed, so the batch starts no more.
  expect(await sendDueWebhooks(s.app.ctx, "test", clock, 200)).toBe(64);
  expect(r.received).toHaveLength(64);
  const rows = await db
    .selectFrom("webhookJob" as never)
    .select(["status", "claimedBy"] as never[])
    .where("endpointId" as never, "=", endpointId as never)
    .execute();
  const left = (rows as Array<{ status: string; claimedBy: string | null }>).filter((j) => j.status === "pending");
  expect(left).toHaveLength(86);
  expect(left.every((j) => j.claimedBy === null)).toBe(true); // given back, not held until the claim runs out

  r.answer = { status: 200, body: "ok" };
  expect(await sendDueWebhooks(s.app.ctx, "test", clock)).toBe(86);
  const ids = r.received.map((x) => x.headers["webhook-id"]);
  expect(new Set(ids).size).toBe(150);
  expect(ids).toHaveLength(150);
}, 60_000);
