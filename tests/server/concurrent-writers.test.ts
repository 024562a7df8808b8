// Event seq stays gap-free and ordered for readers while many writers commit at once on PostgreSQL, where
// seq is handed out at insert and a later seq could otherwise commit first: 8 writers × 500 inbound texts
// through two instances, while readers poll /v1/sync and follow the stream on both. Each reader's feed must
// be the whole feed, each event once, in seq order — a reader that ever skipped a late commit fails.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, tempDbFile, waitFor, type TestServer } from "../support/server";
import { createPostgresDatabase, NO_POSTGRES, onPostgres, postgresAvailable } from "../support/test-database";
import { headSeq } from "../../server/events/events.repository";
import { receiveInbound } from "../../server/messages/receive-inbound";
import { demo, type Demo } from "./support/demo";
import { feedSeqs, StreamFollower, SyncPoller } from "./support/follower";

const WRITERS = 8;
const MESSAGES = 500;
const skipReason = postgresAvailable ? "runs in the server-postgres pass" : NO_POSTGRES;

describe.skipIf(!onPostgres)(`concurrent writers on PostgreSQL${onPostgres ? "" : ` (skipped: ${skipReason})`}`, () => {
  const servers: TestServer[] = [];
  let d: Demo;

  beforeAll(async () => {
    const url = await createPostgresDatabase(tempDbFile());
    servers.push(await startServer({ databaseUrl: url }));
    servers.push(await startServer({ databaseUrl: url, seed: "none" }));
    d = await demo(servers[0]);
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it(`${WRITERS} writers × ${MESSAGES} messages: every reader's feed is complete and in order`, async () => {
    const head = await headSeq(servers[0].app.ctx.database.db);
    const readers = [d.alice, d.bob].flatMap((token) =>
      servers.map((_, i) => ({ token, sync: new SyncPoller(() => servers[i], token, head), stream: new StreamFollower(() => servers[i], token, head) })),
    );
    for (const r of readers) r.sync.start();
    await Promise.all(readers.map((r) => r.stream.start()));

    // Each writer is a carrier webhook handler on one instance, storing its texts one after another.
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        const ctx = servers[w % servers.length].app.ctx;
        for (let i = 0; i < MESSAGES; i++) {
          // Each number texts one inbox only: a contact's first event becomes visible to Bob (Main line only)
          // when its conversation does, never later because the contact also wrote to the Main line later.
          const support = i % 4 === 0;
          await receiveInbound(ctx, {
            inboxId: support ? d.supportLine : d.mainLine,
            from: `+1415779${support ? 1 : 2}${String(100 + ((w * 7 + i) % 200))}`,
            body: `Writer ${w} #${i}`,
            media: [],
            carrierMessageId: `SMw${w}i${i}`,
          });
        }
      }),
    );

    const db = servers[0].app.ctx.database.db;
    const stored = await db
      .selectFrom("message")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("carrierMessageId", "like", "SMw%")
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(WRITERS * MESSAGES);
    for (const { token, sync, stream } of readers) {
      const expected = await feedSeqs(servers[0], token, head);
      await waitFor("the readers caught up", () => sync.cursor >= expected[expected.length - 1] && stream.last >= expected[expected.length - 1], 15_000);
      await sync.stop();
      await stream.stop();
      expect(sync.seqs).toEqual(expected);
      expect(stream.seqs).toEqual(expected);
    }
    // The feed itself has no holes: one transaction's events, then the next's.
    const all = await feedSeqs(servers[0], d.admin, head);
    expect(all).toEqual(all.map((_, i) => head + 1 + i));
  }, 600_000);
});
