// Inbound texts on PostgreSQL are stored in batches (inbound-batch.postgres.ts): the texts that arrive
// together share a transaction, yet each keeps its own outcome — one that fails leaves the others stored,
// a retried webhook is stored once even inside one batch, and first texts from one new number racing on two
// instances make one contact and one conversation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveInbound } from "../../server/messages/receive-inbound";
import { startServer, tempDbFile, type TestServer } from "../support/server";
import { createPostgresDatabase, NO_POSTGRES, onPostgres, postgresAvailable, queryRows } from "../support/test-database";
import { demo, type Demo } from "./support/demo";

const skipReason = postgresAvailable ? "runs in the server-postgres pass" : NO_POSTGRES;

describe.skipIf(!onPostgres)(`inbound batches on PostgreSQL${onPostgres ? "" : ` (skipped: ${skipReason})`}`, () => {
  const dbFile = tempDbFile();
  const servers: TestServer[] = [];
  let d: Demo;
  beforeAll(async () => {
    const url = await createPostgresDatabase(dbFile);
    servers.push(await startServer({ databaseUrl: url }, dbFile), await startServer({ databaseUrl: url, seed: "none" }, dbFile));
    d = await demo(servers[0]);
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
  });
  const text = (server: TestServer, from: string, carrierMessageId: string, inboxId = d.mainLine) =>
    receiveInbound(server.app.ctx, { inboxId, from, body: `hello ${carrierMessageId}`, media: [], carrierMessageId });

  it("texts arriving together share transactions; one that fails leaves the others stored", async () => {
    const results = await Promise.allSettled([
      ...Array.from({ length: 20 }, (_, i) => text(servers[0], `+1415771${String(1000 + i)}`, `SMbatch${i}`)),
      text(servers[0], "+14157719999", "SMnowhere", "inbox_that_does_not_exist"),
    ]);
    expect(results.slice(0, 20).map((r) => r.status)).toEqual(Array(20).fill("fulfilled"));
    expect(results[20]).toMatchObject({ status: "rejected", reason: { code: "not_found" } });
    const stored = await queryRows(dbFile, "select count(*) as n from message where carrierMessageId like 'SMbatch%'");
    expect(stored[0].n).toBe(20);
    expect(await queryRows(dbFile, "select count(*) as n from message where carrierMessageId = 'SMnowhere'")).toEqual([{ n: 0 }]);
    // Fewer transactions than texts: their events share writing transactions.
    const transactions = await queryRows(
      dbFile,
      "select count(distinct xact::text) as n from event where type = 'message.created' and json_extract(data, '$.carrierMessageId') like 'SMbatch%'",
    );
    expect(transactions[0].n).toBeLessThan(20);
  });

  it("stores a webhook delivered twice in one batch once", async () => {
    const [first, second] = await Promise.all([text(servers[0], "+14157712000", "SMtwice"), text(servers[0], "+14157712000", "SMtwice")]);
    expect([first.duplicate, second.duplicate].sort()).toEqual([false, true]);
    expect(second.message.id).toBe(first.message.id);
    expect(await queryRows(dbFile, "select count(*) as n from message where carrierMessageId = 'SMtwice'")).toEqual([{ n: 1 }]);
  });

  it("first texts from one new number racing on two instances make one contact and one conversation", async () => {
    const from = "+14157713000";
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => text(servers[i % 2], from, `SMrace${i}`)));
    expect(results.every((r) => !r.duplicate)).toBe(true);
    expect(await queryRows(dbFile, "select count(*) as n from contact where phoneNumber = ?", from)).toEqual([{ n: 1 }]);
    const conversations = await queryRows(dbFile, "select c.id from conversation c join contact k on k.id = c.contactId where k.phoneNumber = ?", from);
    expect(conversations).toHaveLength(1);
    expect(await queryRows(dbFile, "select count(*) as n from message where conversationId = ?", conversations[0].id)).toEqual([{ n: 10 }]);
  });
});
