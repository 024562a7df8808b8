// The rollups kept incrementally (the background consumer, plus passes of random batch sizes cutting the feed
// at random places) equal a full recomputation from the feed after a randomised workload through the API:
// texts in, replies, notes, assignments, resolves, reopens, STOPs, deliveries, contact tags. Also: the API answers within
// the user's inboxes, CSV of each table, and 4xx for bad input.
import { afterAll, beforeAll, expect, it } from "vitest";
import { sleep, startServer, waitFor, type TestServer } from "../support/server";
import { workspace, type Workspace } from "./support/workspace";
import { catchUp, consumeFeed, rebuildAnalytics } from "../../server/analytics/consumer";
import { analyticsDb } from "../../server/analytics/analytics.schema";
import { headSeq } from "../../server/events/events.repository";
import { emitDueBreaches } from "../../server/analytics/sla-breaches";
import { webhookTypesOf } from "../../server/integrations/webhooks/webhook-events";

let server: TestServer;
let w: Workspace;
beforeAll(async () => {
  server = await startServer();
  w = await workspace(server);
});
afterAll(() => server?.close());

/** A seeded generator, so a failing run can be replayed (the seed is in the test's name). */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const seed = Number(process.env.ANALYTICS_SEED ?? Date.now() % 100_000);

async function quiet() {
  const { db } = server.app.ctx.database;
  for (let last = -1; ; ) {
    await sleep(700);
    const head = await headSeq(db);
    if (head === last) return;
    last = head;
  }
}

async function rollupTables() {
  const adb = analyticsDb(server.app.ctx.database.db);
  const daily = await adb.selectFrom("analyticsDaily").selectAll().orderBy("agentId").orderBy("inboxId").orderBy("day").execute();
  const states = await adb.selectFrom("analyticsConversation").selectAll().orderBy("conversationId").execute();
  const tags = await adb.selectFrom("analyticsContactTags").selectAll().orderBy("contactId").execute();
  return { daily: daily.map((r) => ({ ...r, durations: JSON.parse(r.durations) })), states, tags };
}

it(`incremental rollups equal a full recomputation from the feed (seed ${seed})`, { timeout: 120_000 }, async () => {
  const rnd = random(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const ctx = server.app.ctx;
  const conversations: Array<{ id: string; inboxId: string; contactId: string }> = [];
  const phones = Array.from({ length: 12 }, (_, i) => `+1646555${String(1000 + i)}`);
  for (let step = 0; step < 160; step++) {
    const r = rnd();
    const c = conversations.length ? pick(conversations) : null;
    const replier = c?.inboxId === w.supportLine ? pick([w.token.alice, w.token.admin]) : pick([w.token.alice, w.token.bob, w.token.admin]);
    if (!c || r < 0.35) {
      const inboxId = pick([w.mainLine, w.supportLine]);
      const res = await server.call("POST", "/v1/simulator/inbound", {
        token: w.token.admin,
        json: { inboxId, from: pick(phones), body: rnd() < 0.05 ? "STOP" : `Question ${step}` },
      });
      if (res.status === 201 || res.status === 200) conversations.push({ id: res.body.message.conversationId, inboxId, contactId: res.body.message.contactId });
    } else if (r < 0.6) {
      await server.call("POST", `/v1/conversations/${c.id}/messages`, { token: replier, json: { body: `Answer ${step}`, clientId: `c${seed}-${step}` } });
    } else if (r < 0.68) await server.call("POST", `/v1/conversations/${c.id}/notes`, { token: replier, json: { body: "note" } });
    else if (r < 0.8) await server.call("PATCH", `/v1/conversations/${c.id}`, { token: replier, json: { status: "resolved" } });
    else if (r < 0.86) await server.call("PATCH", `/v1/conversations/${c.id}`, { token: replier, json: { status: "open" } });
    else if (r < 0.9)
      await server.call("PATCH", `/v1/conversations/${c.id}`, { token: w.token.admin, json: { assigneeId: pick([w.userId.alice, w.userId.admin]) } });
    else if (r < 0.95) {
      const tag = pick(["vip", "wholesale"]);
      await server.call("PATCH", `/v1/contacts/${c.contactId}/tags`, { token: w.token.admin, json: rnd() < 0.7 ? { add: [tag] } : { remove: [tag] } });
    } else await consumeFeed(ctx, 1 + Math.floor(rnd() * 7));
  }
  await quiet();
  await catchUp(ctx);
  const incremental = await rollupTables();
  expect(incremental.daily.length).toBeGreaterThan(0);
  expect(incremental.daily.some((r) => r.agentId.startsWith("#"))).toBe(true);
  await rebuildAnalytics(ctx);
  expect(await rollupTables()).toEqual(incremental);
});

it("answers within the user's inboxes, as CSV too, and refuses bad ranges with 400", async () => {
  const call = (token: string, path: string) => server.call("GET", path, { token });
  const adminInboxes = await call(w.token.admin, "/v1/analytics/breakdown?by=inbox");
  expect(adminInboxes.status).toBe(200);
  expect(adminInboxes.body.rows.map((r: { key: string }) => r.key)).toEqual(expect.arrayContaining([w.mainLine, w.supportLine]));
  const bobInboxes = (await call(w.token.bob, "/v1/analytics/breakdown?by=inbox")).body.rows.map((r: { key: string }) => r.key);
  expect(bobInboxes).toContain(w.mainLine);
  expect(bobInboxes).not.toContain(w.supportLine);
  expect((await call(w.token.bob, `/v1/analytics/breakdown?inboxId=${w.supportLine}`)).status).toBe(404);
  expect((await call(w.token.bob, `/v1/analytics/rollup`)).body.rows.every((r: { waitingNow: number }) => typeof r.waitingNow === "number")).toBe(true);
  const csv = await fetch(`${server.url}/v1/analytics/breakdown.csv?by=agent`, { headers: { authorization: `Bearer ${w.token.admin}` } });
  expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines[0]).toMatch(/^key,label,opened,resolved,inbound,outbound,/);
  expect(lines.length).toBeGreaterThan(1);
  const rollupCsv = await fetch(`${server.url}/v1/analytics/rollup.csv`, { headers: { authorization: `Bearer ${w.token.admin}` } });
  expect((await rollupCsv.text()).split("\r\n")[0]).toMatch(/^key,label,region,waitingNow,overTargetNow,attention,opened/);
  expect((await call(w.token.admin, "/v1/analytics/breakdown?from=2026-05-02&to=2026-05-01")).status).toBe(400);
  expect((await call(w.token.admin, "/v1/analytics/breakdown?from=2020-01-01&to=2026-05-01")).status).toBe(400);
  expect((await call(w.token.admin, "/v1/analytics/breakdown?by=planet")).status).toBe(400);
  const byTag = await call(w.token.admin, "/v1/analytics/breakdown?by=tag");
  expect(byTag.status).toBe(200);
  expect(byTag.body.rows.every((r: { key: string }) => ["vip", "wholesale"].includes(r.key))).toBe(true);
  const tagCsv = await fetch(`${server.url}/v1/analytics/breakdown.csv?by=day&tag=vip`, { headers: { authorization: `Bearer ${w.token.admin}` } });
  expect((await tagCsv.text()).trim().split("\r\n")).toHaveLength(91); // a header and 90 days
  for (const bad of ["by=tag&tag=%23vip", `by=day&tag=vip&agentId=${w.userId.alice}`, "by=agent&tag=vip", "by=tag&tag="])
    expect((await call(w.token.admin, `/v1/analytics/breakdown?${bad}`)).status, bad).toBe(400);
  expect((await server.call("POST", "/v1/analytics/rebuild", { token: w.token.bob })).status).toBe(403);
});

it("a breach triggers a rule (sla.breached) and maps to the sla.breached webhook", { timeout: 60_000 }, async () => {
  const call = (method: string, path: string, json?: unknown) => server.call(method, path, { token: w.token.admin, json });
  expect((await call("PUT", `/v1/inboxes/${w.mainLine}/sla`, { firstResponseMinutes: 1, replyMinutes: 2, businessHours: false })).status).toBe(200);
  expect((await server.call("PUT", `/v1/inboxes/${w.mainLine}/sla`, { token: w.token.bob, json: { firstResponseMinutes: 5, replyMinutes: 5 } })).status).toBe(
    403,
  );
  expect((await call("PUT", `/v1/inboxes/${w.mainLine}/sla`, { firstResponseMinutes: 0, replyMinutes: 5 })).status).toBe(400);
  expect((await call("GET", `/v1/inboxes/${w.mainLine}/sla`)).body.target).toEqual({ firstResponseMinutes: 1, replyMinutes: 2, businessHours: false });
  const rule = await call("POST", "/v1/automations/rules", {
    name: "Escalate a late first answer",
    trigger: { type: "sla.breached", kind: "firstResponse" },
    actions: [{ type: "addNote", body: "SLA breached: please answer now" }],
  });
  expect(rule.status).toBe(201);
  const text = await server.call("POST", "/v1/simulator/inbound", {
    token: w.token.admin,
    json: { inboxId: w.mainLine, from: "+16465550999", body: "Hello? Anyone?" },
  });
  const conversationId = text.body.message.conversationId as string;
  const ctx = server.app.ctx;
  await catchUp(ctx);
  const wait = (await call("GET", "/v1/sla/waits")).body.waits.find((x: { conversationId: string }) => x.conversationId === conversationId);
  expect(Date.parse(wait.dueAt) - Date.parse(wait.waitingSince)).toBe(60_000);
  expect(await emitDueBreaches(ctx, new Date(Date.parse(wait.dueAt) + 1000))).toBeGreaterThanOrEqual(1);
  await waitFor("the rule's note", async () => {
    const page = await call("GET", `/v1/conversations/${conversationId}/messages`);
    return JSON.stringify(page.body).includes("SLA breached: please answer now");
  });
  expect(webhookTypesOf({ type: "sla.breached", action: null })).toEqual(["sla.breached"]);
});
