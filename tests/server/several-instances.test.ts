// Several server instances on one PostgreSQL, as behind a load balancer without sticky sessions: customers
// text in at every instance at once, stream clients on every instance receive every event they may see
// exactly once and in seq order, and when an instance is closed and started again mid-way its clients
// resume from their cursor with no gap. Outbound sends are taken by one instance only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, tempDbFile, waitFor, type TestServer } from "../support/server";
import { createPostgresDatabase, NO_POSTGRES, onPostgres, postgresAvailable } from "../support/test-database";
import { headSeq } from "../../server/events/events.repository";
import { demo, textIn, type Demo } from "./support/demo";
import { feedSeqs, StreamFollower } from "./support/follower";
import { openStream } from "./support/stream-client";

const INSTANCES = 3;
const TEXTS = 300;
const LANES = 12;
const CLOSE_AT = 100;
const START_AGAIN_AT = 200;
const skipReason = postgresAvailable ? "runs in the server-postgres pass" : NO_POSTGRES;

describe.skipIf(!onPostgres)(`several instances on one PostgreSQL${onPostgres ? "" : ` (skipped: ${skipReason})`}`, () => {
  let url: string;
  const servers: Array<TestServer | null> = [];
  let d: Demo;

  beforeAll(async () => {
    url = await createPostgresDatabase(tempDbFile());
    servers.push(await startServer({ databaseUrl: url }));
    for (let i = 1; i < INSTANCES; i++) servers.push(await startServer({ databaseUrl: url, seed: "none" }));
    d = await demo(servers[0]!);
  });
  afterAll(async () => {
    for (const s of servers) await s?.close();
  });

  it("delivers every event to clients on every instance exactly once and in order, across an instance restart", async () => {
    const head = await headSeq(servers[0]!.app.ctx.database.db);
    // Alice sees both inboxes, Bob only the Main line: the other instances' events are filtered per user too.
    const followers = servers.flatMap((_, i) => [d.alice, d.bob].map((token) => ({ token, f: new StreamFollower(() => servers[i], token, head) })));
    await Promise.all(followers.map(({ f }) => f.start()));

    // The load balancer sends each text to a live instance; a request cut off by the closing instance is resent.
    let next = 0;
    let restarted: Promise<void> = Promise.resolve();
    const lane = async (n: number) => {
      for (let i = next++; i < TEXTS; i = next++) {
        if (i === CLOSE_AT) {
          const closing = servers[1]!;
          servers[1] = null;
          // Abruptly: requests in flight are cut off (their senders resend elsewhere), sockets drop.
          const closed = closing.close();
          closing.app.server.closeAllConnections();
          await closed;
        }
        if (i === START_AGAIN_AT)
          restarted = startServer({ databaseUrl: url, seed: "none" }).then((s) => {
            servers[1] = s;
          });
        // 60 customers, some new: first texts from one number race on different instances. (i % 60 fixes
        // i % 3: each number texts one inbox, so what Bob may see never changes after the fact.)
        const from = `+1415777${String(1000 + (i % 60))}`;
        const inbox = i % 3 === 0 ? d.supportLine : d.mainLine;
        for (let attempt = 0; ; attempt++) {
          const live = servers.filter((s): s is TestServer => s !== null);
          try {
            await textIn(live[(i + n + attempt) % live.length], d.admin, inbox, from, `Scale-out ${i}`);
            break;
          } catch (err) {
            if (attempt > 5) throw err;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: LANES }, (_, n) => lane(n)));
    await restarted;

    for (const { token, f } of followers) {
      const expected = await feedSeqs(servers[0]!, token, head);
      await waitFor("every event on every instance", () => f.last >= expected[expected.length - 1], 10_000);
      expect(f.seqs).toEqual(expected);
    }
    // The closed instance's clients really did reconnect (to the new instance) and carry on.
    expect(followers.slice(2, 4).every(({ f }) => f.reconnects === 1)).toBe(true);
    await Promise.all(followers.map(({ f }) => f.stop()));
  }, 120_000);

  it("shares presence: typing on one instance is seen on another, and a dropped socket goes idle there", async () => {
    const conversationId = (
      await servers[0]!.app.ctx.database.db.selectFrom("conversation").select("id").where("inboxId", "=", d.mainLine).executeTakeFirstOrThrow()
    ).id;
    const alice = await openStream(servers[0]!, d.alice, 1_000_000_000);
    const bob = await openStream(servers[2]!, d.bob, 1_000_000_000);
    alice.send({ type: "presence", conversationId, state: "typing" });
    const aliceId = await d.userId("alice@demo.test");
    expect(await bob.waitForFrame("presence", (f) => f.userId === aliceId && f.state === "typing")).toMatchObject({ conversationId });
    // Someone joining later on a third instance is told what is going on now.
    const admin = await openStream(servers[1]!, d.admin, 1_000_000_000);
    await admin.waitForFrame("presence", (f) => f.userId === aliceId && f.state === "typing");
    await alice.close();
    await bob.waitForFrame("presence", (f) => f.userId === aliceId && f.state === "idle");
    await Promise.all([bob.close(), admin.close()]);
  });

  it("sends each outbound message once, though every instance's worker wants it", async () => {
    const sends = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        servers[i % INSTANCES]!.call("POST", "/v1/messages", {
          token: d.alice,
          json: { inboxId: d.mainLine, to: `+1415778${String(1000 + i)}`, body: `Reply ${i}`, clientId: `scale-${i}` },
        }),
      ),
    );
    expect(sends.map((r) => r.status)).toEqual(sends.map(() => 201));
    const ids = sends.map((r) => r.body.message.id as string);
    const db = servers[0]!.app.ctx.database.db;
    await waitFor(
      "all delivered",
      async () => {
        const rows = await db.selectFrom("message").select("status").where("id", "in", ids).execute();
        return rows.every((r) => r.status === "delivered");
      },
      15_000,
    );
    const rows = await db.selectFrom("message").select(["id", "sendAttempts"]).where("id", "in", ids).execute();
    expect(rows.map((r) => r.sendAttempts)).toEqual(ids.map(() => 1));
    // One step each: queued → sending → sent → delivered, never a second "sending" or "sent".
    const events = await db.selectFrom("event").select(["data"]).where("type", "=", "message.updated").orderBy("seq").execute();
    for (const id of ids) {
      const statuses = events
        .map((e) => JSON.parse(e.data))
        .filter((m) => m.id === id)
        .map((m) => m.status);
      expect(statuses).toEqual(["sending", "sent", "delivered"]);
    }
  }, 60_000);
});
