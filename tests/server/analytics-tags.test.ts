// Analytics by tag on hand-built conversations with known answers: a conversation counts under the tags its
// contact has when each text or answer happens (a tag added later does not move earlier numbers, a removed one
// stops counting), a contact with two tags counts under both; by=tag, one tag's day series, the API's 400s,
// the scope (an agent sees only their inboxes' numbers for a tag) and the CSV.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, waitFor, type TestServer } from "../support/server";
import { unsequencedEvents } from "../../server/events/events.repository";
import { insertEvent } from "../../server/events/events.repository";
import { eventScope } from "../../server/events/transaction";
import { feedWriter } from "./support/analytics-feed";
import { catchUp as consume, rebuildAnalytics } from "../../server/analytics/consumer";
import { breakdown } from "../../server/analytics/analytics.service";
import type { AuthedUser } from "../../server/auth/authenticate";
import type { MetricRow } from "../../src/protocol/analytics";

let server: TestServer;
const inboxId = "inb_tags";
const owner = { id: "usr_owner", email: "o@x.test", name: "Owner", role: "owner", inboxIds: [inboxId, "inb_other"] } as AuthedUser;
const agent = { id: "usr_agent", email: "a@x.test", name: "Agent", role: "agent", inboxIds: [inboxId] } as AuthedUser;
const range = { from: "2025-04-01", to: "2025-04-03" };

async function tagged(contactId: string, at: string, tags: string[]) {
  const data = {
    id: contactId,
    phoneNumber: "+12125550100",
    name: null,
    attributes: {},
    optedOutAt: null,
    optOutMessageId: null,
    tags,
    createdAt: at,
    updatedAt: at,
  };
  await insertEvent(server.app.ctx.database.db, {
    type: "contact.updated",
    action: "updated",
    actorId: null,
    ...eventScope("contact.updated", data),
    data: JSON.stringify(data),
    createdAt: at,
  });
}

async function catchUp() {
  const ctx = server.app.ctx;
  if (ctx.database.dialect === "postgres") await waitFor("the feed to be sequenced", async () => (await unsequencedEvents(ctx.database.db)).count === 0);
  return consume(ctx);
}

beforeAll(async () => {
  server = await startServer({ seed: "none" });
  const { db } = server.app.ctx.database;
  for (const id of [inboxId, "inb_other"])
    await db
      .insertInto("inbox")
      .values({
        id,
        name: id,
        phoneNumber: `+1212555${id === inboxId ? "0111" : "0112"}`,
        carrier: "simulator",
        helpText: "",
        credentialsEncrypted: null,
        createdAt: "2025-01-01T00:00:00.000Z",
      })
      .execute();
  const f = feedWriter(db, inboxId);
  // A: tagged vip before its first text, answered in 10 min; vip and wholesale from its second text on (answered in 20 min).
  await tagged("ctc_a", "2025-04-01T08:00:00.000Z", ["vip"]);
  await f.inbound("cnv_a", "ctc_a", "2025-04-01T09:00:00.000Z");
  await f.created("cnv_a", "ctc_a", "2025-04-01T09:00:00.000Z");
  await f.outbound("cnv_a", "ctc_a", "2025-04-01T09:10:00.000Z", "usr_alice");
  await tagged("ctc_a", "2025-04-02T08:00:00.000Z", ["vip", "wholesale"]);
  await f.inbound("cnv_a", "ctc_a", "2025-04-02T09:00:00.000Z");
  await f.outbound("cnv_a", "ctc_a", "2025-04-02T09:20:00.000Z", "usr_alice");
  // B: untagged while it texted and was answered (30 min); tagged vip afterwards, then the tag removed before its last text.
  await f.inbound("cnv_b", "ctc_b", "2025-04-01T10:00:00.000Z");
  await f.created("cnv_b", "ctc_b", "2025-04-01T10:00:00.000Z");
  await f.outbound("cnv_b", "ctc_b", "2025-04-01T10:30:00.000Z", "usr_bob");
  await tagged("ctc_b", "2025-04-01T11:00:00.000Z", ["vip"]);
  await tagged("ctc_b", "2025-04-03T08:00:00.000Z", []);
  await f.inbound("cnv_b", "ctc_b", "2025-04-03T09:00:00.000Z");
  // C, in an inbox the agent does not see: vip, one text.
  const g = feedWriter(db, "inb_other");
  await tagged("ctc_c", "2025-04-01T08:00:00.000Z", ["vip"]);
  await g.inbound("cnv_c", "ctc_c", "2025-04-01T12:00:00.000Z");
  await catchUp();
});
afterAll(() => server?.close());

/** The histograms' published error: within 2.5 %. */
const within = (x: number | null, exact: number) => x !== null && Math.abs(x - exact) <= exact * 0.025;
const row = (rows: MetricRow[], key: string) => rows.find((r) => r.key === key);

it("counts each conversation under the tags its contact had at each text and answer", async () => {
  const { rows } = await breakdown(server.app.ctx, owner, { by: "tag", ...range });
  expect(rows.map((r) => r.key)).toEqual(["vip", "wholesale"]);
  const vip = row(rows, "vip")!;
  expect(vip.counts.inbound).toBe(3); // A's two texts and C's; not B's (untagged then, and untagged again on the 3rd)
  expect(vip.counts.outbound).toBe(2); // A's two answers
  expect(vip.counts.opened).toBe(2); // A and C opened while vip; B opened untagged
  expect(vip.durations.firstResponse.calendar.count).toBe(1);
  expect(within(vip.durations.firstResponse.calendar.median, 600)).toBe(true);
  expect(vip.durations.reply.calendar.count).toBe(2);
  const wholesale = row(rows, "wholesale")!;
  expect(wholesale.counts.inbound).toBe(1);
  expect(within(wholesale.durations.reply.calendar.median, 1200)).toBe(true);
  expect(wholesale.durations.firstResponse.calendar.count).toBe(0);
});

it("gives one tag's day series, within the user's inboxes", async () => {
  const days = await breakdown(server.app.ctx, owner, { by: "day", tag: "vip", ...range });
  expect(days.rows.map((r) => [r.key, r.counts.inbound])).toEqual([
    ["2025-04-01", 2],
    ["2025-04-02", 1],
    ["2025-04-03", 0],
  ]);
  const mine = await breakdown(server.app.ctx, agent, { by: "tag", ...range });
  expect(row(mine.rows, "vip")?.counts.inbound).toBe(2); // C's inbox is not the agent's
  // The per-agent breakdown has only people, no tag rows.
  const agents = await breakdown(server.app.ctx, owner, { by: "agent", ...range });
  expect(agents.rows.map((r) => r.key).sort()).toEqual(["", "usr_alice", "usr_bob"]);
});

it("is the same after a rebuild from the feed", async () => {
  const before = await breakdown(server.app.ctx, owner, { by: "tag", ...range });
  await rebuildAnalytics(server.app.ctx);
  expect(await breakdown(server.app.ctx, owner, { by: "tag", ...range })).toEqual(before);
});

it("a read after the consumer changed a day's row shows the change (parsed rows are kept only while unchanged)", async () => {
  const before = await breakdown(server.app.ctx, owner, { by: "tag", ...range });
  await feedWriter(server.app.ctx.database.db, inboxId).inbound("cnv_a", "ctc_a", "2025-04-02T10:00:00.000Z");
  await catchUp();
  const after = await breakdown(server.app.ctx, owner, { by: "tag", ...range });
  expect(after.rows.map((r) => [r.key, r.counts.inbound])).toEqual(before.rows.map((r) => [r.key, r.counts.inbound + 1]));
});
