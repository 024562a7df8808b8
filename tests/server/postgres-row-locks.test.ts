// Without a global write lock on PostgreSQL (issue 14), two writers that read the same conversation and each
// write it whole would lose one change, and each event would carry the other's stale field. Reads a write is
// built from lock their row (forWrite, server/db/executor.ts). Here a status change, an assignment and a reply
// hit each conversation at once through two instances: every change must survive, and the conversation's
// last event must say what the database says.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, tempDbFile, type TestServer } from "../support/server";
import { createPostgresDatabase, NO_POSTGRES, onPostgres, postgresAvailable } from "../support/test-database";
import { demo, textIn, type Demo } from "./support/demo";
import { eventsAfter } from "./support/workspace";

const CONVERSATIONS = 40;
const skipReason = postgresAvailable ? "runs in the server-postgres pass" : NO_POSTGRES;

describe.skipIf(!onPostgres)(`row locks for writers on PostgreSQL${onPostgres ? "" : ` (skipped: ${skipReason})`}`, () => {
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

  it("a status change, an assignment and a reply at once on two instances all survive, and the last event agrees", async () => {
    const bob = await d.userId("bob@demo.test");
    const ids: string[] = [];
    for (let i = 0; i < CONVERSATIONS; i++)
      ids.push((await textIn(servers[0], d.admin, d.mainLine, `+1415778${String(1000 + i)}`, `Question ${i}`)).conversationId);

    await Promise.all(
      ids.flatMap((id, i) =>
        [
          servers[0].call("PATCH", `/v1/conversations/${id}`, { token: d.alice, json: { status: "pending" } }),
          servers[1].call("PATCH", `/v1/conversations/${id}`, { token: d.admin, json: { assigneeId: bob } }),
          servers[i % 2].call("POST", `/v1/conversations/${id}/messages`, { token: d.alice, json: { body: `Reply ${i}`, clientId: `rowlock-${i}` } }),
        ].map(async (request) => expect((await request).status).toBeLessThan(300)),
      ),
    );

    const db = servers[0].app.ctx.database.db;
    const rows = await db.selectFrom("conversation").selectAll().where("id", "in", ids).execute();
    for (const row of rows) {
      expect({ id: row.id, status: row.status, assigneeId: row.assigneeId }).toEqual({ id: row.id, status: "pending", assigneeId: bob });
      expect(row.preview).toMatch(/^Reply \d+$/);
    }
    // Wait for the sequencer to number every event (requests are answered once theirs are numbered).
    const events = (await eventsAfter(servers[0], 0)).filter((e) => e.type === "conversation.updated" || e.type === "conversation.created");
    for (const row of rows) {
      const last = events.filter((e) => e.data.id === row.id).at(-1)!;
      expect({ status: last.data.status, assigneeId: last.data.assigneeId, preview: last.data.preview }).toEqual({
        status: row.status,
        assigneeId: row.assigneeId,
        preview: row.preview,
      });
    }
  });
});
