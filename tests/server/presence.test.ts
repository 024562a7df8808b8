import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sleep, startServer, type TestServer } from "../support/server";
import { openStream, type StreamConn } from "./support/stream-client";
import { demo, type Demo } from "./support/demo";
import { RELAY_INTERVAL_MS } from "../../server/stream/presence";
import { RATE_LIMITED_CLOSE } from "../../server/stream/stream.routes";

let server: TestServer;
let d: Demo;
let mainConversation: string;
let supportConversation: string;
const open: StreamConn[] = [];
beforeAll(async () => {
  server = await startServer();
  d = await demo(server);
  const db = server.app.ctx.database.db;
  mainConversation = (await db.selectFrom("conversation").select("id").where("inboxId", "=", d.mainLine).executeTakeFirstOrThrow()).id;
  supportConversation = (await db.selectFrom("conversation").select("id").where("inboxId", "=", d.supportLine).executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await server.close();
});

const HEAD = 1_000_000; // skip the replay: these tests are about presence
const stream = async (token: string) => {
  const conn = await openStream(server, token, HEAD);
  open.push(conn);
  return conn;
};
const presenceFrames = (c: StreamConn) => c.frames.filter((f) => f.type === "presence");

describe("presence", () => {
  it("relays viewing and typing to the other members of the inbox, with who and when", async () => {
    const [alice, admin, bob] = [await stream(d.alice), await stream(d.admin), await stream(d.bob)];
    alice.send({ type: "presence", conversationId: mainConversation, state: "typing" });
    const aliceId = await d.userId("alice@demo.test");
    const expected = { type: "presence", conversationId: mainConversation, userId: aliceId, state: "typing", at: expect.any(String) };
    expect(await admin.waitForFrame("presence")).toEqual(expected);
    expect(await bob.waitForFrame("presence")).toEqual(expected);
    await sleep(50);
    expect(presenceFrames(alice)).toEqual([]);
    await Promise.all([alice, admin, bob].map((c) => c.close()));
  });

  it("keeps Support line presence from bob, and ignores presence for a conversation the sender cannot see", async () => {
    const [alice, admin, bob] = [await stream(d.alice), await stream(d.admin), await stream(d.bob)];
    alice.send({ type: "presence", conversationId: supportConversation, state: "viewing" });
    await admin.waitForFrame("presence", (f) => f.conversationId === supportConversation);
    bob.send({ type: "presence", conversationId: supportConversation, state: "viewing" });
    bob.send({ type: "presence", conversationId: "conv_does_not_exist", state: "viewing" });
    await sleep(100);
    expect(presenceFrames(bob)).toEqual([]);
    expect(presenceFrames(admin)).toHaveLength(1);
    expect(presenceFrames(alice)).toEqual([]);
    await Promise.all([alice, admin, bob].map((c) => c.close()));
  });

  it("turns a dropped socket's presence into idle for the others", async () => {
    const [alice, admin] = [await stream(d.alice), await stream(d.admin)];
    alice.send({ type: "presence", conversationId: mainConversation, state: "viewing" });
    await admin.waitForFrame("presence", (f) => f.state === "viewing");
    await alice.close();
    const idle = await admin.waitForFrame("presence", (f) => f.state === "idle");
    expect(idle).toMatchObject({ conversationId: mainConversation, userId: await d.userId("alice@demo.test") });
    await admin.close();
  });

  it("tells a newly connected member who is already viewing", async () => {
    const alice = await stream(d.alice);
    alice.send({ type: "presence", conversationId: mainConversation, state: "viewing" });
    await sleep(50);
    const [bob, later] = [await stream(d.bob), await stream(d.admin)];
    expect(await later.waitForFrame("presence")).toMatchObject({
      conversationId: mainConversation,
      state: "viewing",
      userId: await d.userId("alice@demo.test"),
    });
    expect(await bob.waitForFrame("presence")).toMatchObject({ conversationId: mainConversation, state: "viewing" });
    alice.send({ type: "presence", conversationId: mainConversation, state: "idle" });
    await later.waitForFrame("presence", (f) => f.state === "idle");
    await Promise.all([alice, bob, later].map((c) => c.close()));
  });

  it("relays only changes: the same state again is not news", async () => {
    const [alice, admin] = [await stream(d.alice), await stream(d.admin)];
    for (let i = 0; i < 5; i++) {
      alice.send({ type: "presence", conversationId: mainConversation, state: "viewing" });
      await sleep(RELAY_INTERVAL_MS + 20);
    }
    expect(presenceFrames(admin).map((f) => f.state)).toEqual(["viewing"]);
    await Promise.all([alice, admin].map((c) => c.close()));
  });

  it("relays a socket's changes in one conversation at most once per interval, the latest state last", async () => {
    const [alice, admin] = [await stream(d.alice), await stream(d.admin)];
    for (const state of ["viewing", "typing", "viewing", "typing", "viewing", "typing"] as const)
      alice.send({ type: "presence", conversationId: mainConversation, state });
    await sleep(3 * RELAY_INTERVAL_MS);
    expect(presenceFrames(admin).map((f) => f.state)).toEqual(["viewing", "typing"]);
    await Promise.all([alice, admin].map((c) => c.close()));
  });

  it("a burst of 2,000 presence frames reaches a teammate as a handful, and the flooding socket is closed with 4429", async () => {
    const [alice, admin] = [await stream(d.alice), await stream(d.admin)];
    for (let i = 0; i < 2000; i++) alice.send({ type: "presence", conversationId: mainConversation, state: i % 2 ? "typing" : "viewing" });
    expect((await alice.closed).code).toBe(RATE_LIMITED_CLOSE);
    expect(alice.frames.find((f) => f.type === "error")).toMatchObject({ type: "error", code: "rate_limited" });
    await admin.waitForFrame("presence", (f) => f.state === "idle"); // the closed socket's presence ends
    await sleep(3 * RELAY_INTERVAL_MS);
    const relayed = presenceFrames(admin);
    expect(relayed.length).toBeLessThanOrEqual(5);
    expect(relayed.at(-1)).toMatchObject({ state: "idle" });
    await admin.close();
  });
});
