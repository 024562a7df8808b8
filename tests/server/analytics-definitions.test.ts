// Every published metric on a hand-built set of conversations with known answers: a text on Friday answered on
// Monday (business hours across a weekend with the daylight-saving change in New York), an automated send and
// a note that don't count, a burst of texts as one wait, a resolve and a reopen, a failed send counted once,
// an opt-out, long texts in segments, and SLA breaches due in business hours.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, waitFor, type TestServer } from "../support/server";
import { unsequencedEvents } from "../../server/events/events.repository";
import { feedWriter } from "./support/analytics-feed";
import { catchUp as consume } from "../../server/analytics/consumer";
import { breakdown, rollup } from "../../server/analytics/analytics.service";
import { emitDueBreaches } from "../../server/analytics/sla-breaches";
import { analyticsDb } from "../../server/analytics/analytics.schema";
import { saveHours } from "../../server/automations/automations.repository";
import { AUTOMATION } from "../../server/automations/actions";
import type { AuthedUser } from "../../server/auth/authenticate";
import type { MetricRow } from "../../src/protocol/analytics";

let server: TestServer;
const inboxId = "inb_defs";
const owner = { id: "usr_owner", email: "o@x.test", name: "Owner", role: "owner", inboxIds: [inboxId] } as AuthedUser;
const hours = {
  timeZone: "America/New_York",
  weekly: { mon: [{ from: "09:00", to: "17:00" }], tue: [], wed: [], thu: [], fri: [{ from: "09:00", to: "17:00" }], sat: [], sun: [] },
  holidays: [],
};
const range = { from: "2025-03-07", to: "2025-03-10" };

beforeAll(async () => {
  server = await startServer({ seed: "none" });
  const { db } = server.app.ctx.database;
  await db
    .insertInto("inbox")
    .values({
      id: inboxId,
      name: "Defs",
      phoneNumber: "+12125550111",
      carrier: "simulator",
      helpText: "",
      credentialsEncrypted: null,
      createdAt: "2025-01-01T00:00:00.000Z",
    })
    .execute();
  await saveHours(db, inboxId, hours);
  const f = feedWriter(db, inboxId);
  // A: Friday 16:00 EST, answered Monday 10:00 EDT (65 h; in business hours 1 h Friday + 1 h Monday).
  await f.inbound("cnv_a", "ctc_a", "2025-03-07T21:00:00.000Z");
  await f.created("cnv_a", "ctc_a", "2025-03-07T21:00:00.000Z");
  await f.outbound("cnv_a", "ctc_a", "2025-03-07T21:10:00.000Z", AUTOMATION, "We're closed until Monday");
  await f.note("cnv_a", "2025-03-07T21:20:00.000Z", "usr_alice");
  await f.updated("cnv_a", "ctc_a", "2025-03-10T13:59:00.000Z", { assigneeId: "usr_alice" }, "assigned");
  await f.outbound("cnv_a", "ctc_a", "2025-03-10T14:00:00.000Z", "usr_alice", "Good morning! ".repeat(12)); // 168 GSM-7 characters: 2 segments
  // A burst of two texts is one wait: 14:30 → 15:00.
  await f.inbound("cnv_a", "ctc_a", "2025-03-10T14:30:00.000Z");
  await f.inbound("cnv_a", "ctc_a", "2025-03-10T14:40:00.000Z");
  await f.outbound("cnv_a", "ctc_a", "2025-03-10T15:00:00.000Z", "usr_alice");
  // Resolved Monday 12:00 EDT: 67 h after it opened, 4 business hours.
  await f.updated("cnv_a", "ctc_a", "2025-03-10T16:00:00.000Z", { status: "resolved", assigneeId: "usr_alice" }, "resolved");
  // The customer writes again: the inbound comes before the conversation's reopened event, as the server writes them.
  await f.inbound("cnv_a", "ctc_a", "2025-03-10T17:00:00.000Z");
  await f.updated("cnv_a", "ctc_a", "2025-03-10T17:00:00.000Z", { status: "open", assigneeId: "usr_alice" }, "reopened");
  await f.outbound("cnv_a", "ctc_a", "2025-03-10T17:05:00.000Z", "usr_bob");
  // B: answered in 10 minutes, a send that fails (reported twice), then STOP.
  await f.inbound("cnv_b", "ctc_b", "2025-03-10T13:00:00.000Z");
  await f.created("cnv_b", "ctc_b", "2025-03-10T13:00:00.000Z");
  await f.outbound("cnv_b", "ctc_b", "2025-03-10T13:10:00.000Z", "usr_bob");
  await f.outbound("cnv_b", "ctc_b", "2025-03-10T13:20:00.000Z", "usr_bob", "Here is the link", "msg_fails");
  await f.failed("cnv_b", "ctc_b", "2025-03-10T13:21:00.000Z", "msg_fails", "usr_bob");
  await f.failed("cnv_b", "ctc_b", "2025-03-10T13:22:00.000Z", "msg_fails", "usr_bob");
  await f.inbound("cnv_b", "ctc_b", "2025-03-10T13:30:00.000Z", "STOP");
  await f.optedOut("ctc_b", "2025-03-10T13:30:00.000Z");
  await catchUp(server.app.ctx);
});
afterAll(() => server?.close());

/** On PostgreSQL the events written here get their feed positions from the sequencer, after commit: wait for them. */
async function catchUp(ctx: TestServer["app"]["ctx"]) {
  if (ctx.database.dialect === "postgres") await waitFor("the feed to be sequenced", async () => (await unsequencedEvents(ctx.database.db)).count === 0);
  return consume(ctx);
}

/** Within the histogram's published 2.5 %. */
const near = (actual: number | null, expected: number) => {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected) / expected).toBeLessThanOrEqual(0.025);
};
const total = async (): Promise<MetricRow> => (await breakdown(server.app.ctx, owner, { ...range, by: "inbox" })).rows[0];

it("counts conversations opened (a reopen included) and resolved, texts in and out, automated sends, segments, failures once, opt-outs and their rate", async () => {
  const row = await total();
  expect(row.counts).toEqual({
    opened: 3,
    resolved: 1,
    inbound: 6,
    outbound: 5,
    automated: 1,
    failed: 1,
    inboundSegments: 6,
    outboundSegments: 7,
    optOuts: 1,
    breaches: 0,
  });
  expect(row.optOutRate).toBe(16.67); // 1 opt-out ÷ 6 texts sent
});

it("measures first response from the first customer text of the conversation or of its reopening to a person's text, not the automated one", async () => {
  const { calendar, business } = (await total()).durations.firstResponse;
  // Samples: 65 h (Friday → Monday), 10 min (B), 5 min (after the reopening).
  expect(calendar.count).toBe(3);
  near(calendar.median, 600);
  near(calendar.p90, 65 * 3600);
  // In business hours the weekend is closed: 2 h, 10 min, 5 min.
  near(business.median, 600);
  near(business.p90, 2 * 3600);
});

it("measures reply time per wait: a burst of texts is one wait, a note does not end it, an opt-out ends it without a sample", async () => {
  const { calendar, business } = (await total()).durations.reply;
  // 65 h, 30 min (the burst), 5 min, 10 min; B's STOP is not a wait answered.
  expect(calendar.count).toBe(4);
  near(calendar.median, 600);
  near(calendar.p90, 65 * 3600);
  near(business.p90, 2 * 3600);
  near(business.median, 600);
});

it("measures resolution time from the opening to the resolution, in calendar and business hours", async () => {
  const { calendar, business } = (await total()).durations.resolution;
  expect(calendar.count).toBe(1);
  near(calendar.median, 67 * 3600);
  near(business.median, 4 * 3600);
});

it("gives each sample to the person who answered and each day its own numbers", async () => {
  const agents = (await breakdown(server.app.ctx, owner, { ...range, by: "agent" })).rows;
  const alice = agents.find((r) => r.key === "usr_alice")!;
  const bob = agents.find((r) => r.key === "usr_bob")!;
  expect([alice.counts.outbound, alice.counts.resolved, alice.durations.firstResponse.calendar.count, alice.durations.reply.calendar.count]).toEqual([
    2, 1, 1, 2,
  ]);
  expect([bob.counts.outbound, bob.counts.failed, bob.durations.firstResponse.calendar.count, bob.durations.reply.calendar.count]).toEqual([3, 1, 2, 2]);
  near(bob.durations.firstResponse.calendar.p90, 600);
  const days = (await breakdown(server.app.ctx, owner, { ...range, by: "day" })).rows;
  expect(days.map((d) => d.key)).toEqual(["2025-03-07", "2025-03-08", "2025-03-09", "2025-03-10"]);
  expect(days.map((d) => [d.counts.opened, d.counts.inbound, d.counts.automated])).toEqual([
    [1, 1, 1],
    [0, 0, 0],
    [0, 0, 0],
    [2, 5, 0],
  ]);
  const weeks = (await breakdown(server.app.ctx, owner, { ...range, by: "week" })).rows;
  expect(weeks.map((w) => [w.key, w.counts.inbound])).toEqual([
    ["2025-03-03", 1],
    ["2025-03-10", 5],
  ]);
});

it("breaches an SLA due in business hours once, counts the breach, and flags the location", async () => {
  const ctx = server.app.ctx;
  const { db } = ctx.database;
  await analyticsDb(db)
    .insertInto("slaTarget")
    .values({ inboxId, firstResponseMinutes: 60, replyMinutes: 15, businessHours: 1, updatedAt: "2025-03-14T00:00:00Z" })
    .execute();
  const f = feedWriter(db, inboxId);
  // Friday 16:30 EDT (20:30Z) with 60 business minutes: 30 left on Friday, 30 on Monday from 09:00 EDT → due 13:30Z.
  await f.inbound("cnv_c", "ctc_c", "2030-03-15T20:30:00.000Z");
  await f.created("cnv_c", "ctc_c", "2030-03-15T20:30:00.000Z");
  await catchUp(ctx);
  const state = await analyticsDb(db).selectFrom("analyticsConversation").selectAll().where("conversationId", "=", "cnv_c").executeTakeFirstOrThrow();
  expect([state.slaKind, state.slaDueAt]).toEqual(["firstResponse", "2030-03-18T13:30:00.000Z"]);
  expect(await emitDueBreaches(ctx, new Date("2030-03-18T13:29:00Z"))).toBe(0);
  expect(await emitDueBreaches(ctx, new Date("2030-03-18T13:31:00Z"))).toBe(1);
  expect(await emitDueBreaches(ctx, new Date("2030-03-18T13:40:00Z"))).toBe(0);
  await catchUp(ctx);
  const breach = await db.selectFrom("event").selectAll().where("type", "=", "sla.breached").execute();
  expect(breach).toHaveLength(1);
  expect(JSON.parse(breach[0].data)).toMatchObject({
    conversationId: "cnv_c",
    kind: "firstResponse",
    waitingSince: "2030-03-15T20:30:00.000Z",
    targetMinutes: 60,
    businessHours: true,
  });
  expect([breach[0].inboxId, breach[0].conversationId]).toEqual([inboxId, "cnv_c"]);
  const row = (await breakdown(ctx, owner, { from: "2030-03-15", to: "2030-03-20", by: "inbox" })).rows[0];
  expect(row.counts.breaches).toBe(1);
  const roll = await rollup(ctx, owner, { from: "2030-03-01", to: "2030-03-20" }, new Date("2030-03-20T12:00:00Z"));
  expect(roll.rows[0].attention).toEqual(["1 SLA breach in the last 7 days (100 % of waits)", "1 waiting past the SLA target now"]);
});
