import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, waitFor, type TestServer } from "../support/server";
import { demo, eventsOf, type Demo } from "./support/demo";

let server: TestServer;
let d: Demo;
beforeAll(async () => {
  server = await startServer();
  d = await demo(server);
});
afterAll(() => server.close());

describe("snooze", () => {
  it('reopens a snoozed conversation when its time comes, with a "woke" event', async () => {
    const { db } = server.app.ctx.database;
    const conv = await db.selectFrom("conversation").select("id").where("inboxId", "=", d.mainLine).where("status", "=", "open").executeTakeFirstOrThrow();
    const until = new Date(Date.now() + 300).toISOString();
    const res = await server.call("PATCH", `/v1/conversations/${conv.id}`, { token: d.alice, json: { status: "snoozed", snoozedUntil: until } });
    expect(res.status).toBe(200);
    const woke = await waitFor(
      "the woke event",
      async () => (await eventsOf(server, "conversation.updated")).find((e) => e.conversationId === conv.id && e.action === "woke"),
      3000,
    );
    expect(woke.data).toMatchObject({ id: conv.id, status: "open", snoozedUntil: null });
    expect(Date.parse(woke.createdAt)).toBeGreaterThanOrEqual(Date.parse(until));
    expect(await db.selectFrom("conversation").select(["status", "snoozedUntil"]).where("id", "=", conv.id).executeTakeFirst()).toEqual({
      status: "open",
      snoozedUntil: null,
    });
  });

  it("leaves a conversation snoozed until a later time alone", async () => {
    const { db } = server.app.ctx.database;
    const snoozed = await db.selectFrom("conversation").select(["id", "snoozedUntil"]).where("status", "=", "snoozed").execute();
    expect(snoozed.length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 150));
    const woke = (await eventsOf(server, "conversation.updated")).filter((e) => e.action === "woke" && snoozed.some((s) => s.id === e.conversationId));
    expect(woke).toEqual([]);
  });
});
