// The audit trail outlives the feed: pruning the feed past its retention (90 days) leaves the trail's own rows
// (administrative changes, exports: audit.*), the trail still shows them with their old → new values, and old
// sync cursors still expire as before. The trail's rows go only after the audit retention (7 years by
// default), through the retention worker.
import { sql } from "kysely";
import { afterEach, beforeEach, expect, it } from "vitest";
import { pruneExpiredEvents } from "../../server/sync/retention";
import { startServer, waitFor, type TestServer } from "../support/server";

let s: TestServer;
let token: string;
const DAY = 86_400_000;
beforeEach(async () => {
  s = await startServer();
  token = await s.login("admin@demo.test");
});
afterEach(() => s.close());

const db = () => s.app.ctx.database.db;
/** Moves every event written so far `days` into the past, as if it had been written then. */
const age = (days: number, where = sql`true`) =>
  sql`update event set "createdAt" = ${new Date(Date.now() - days * DAY).toISOString()} where ${where}`.execute(db());
const renames = async () => (await s.call("GET", "/v1/audit?type=audit.inbox.updated", { token })).body.rows.map((r: { changes: unknown }) => r.changes);

async function renameAnInbox(from = "Main line", to = "Front desk") {
  const inbox = await db().selectFrom("inbox").select(["id", "name"]).where("name", "=", from).executeTakeFirstOrThrow();
  expect((await s.call("PATCH", `/v1/inboxes/${inbox.id}`, { token, json: { name: to } })).status).toBe(200);
}

it("keeps the trail's rows when the feed is pruned, and old cursors still expire", async () => {
  await renameAnInbox();
  await age(100);
  // Something recent, so the feed keeps a head of its own.
  await s.call("POST", "/v1/simulator/inbound", {
    token,
    json: { inboxId: (await db().selectFrom("inbox").select("id").executeTakeFirstOrThrow()).id, from: "+12125550190", body: "Hi" },
  });
  const pruned = await pruneExpiredEvents(db(), s.app.ctx.config.eventRetentionMs);
  expect(pruned).toBeGreaterThan(0);
  const left = await db()
    .selectFrom("event")
    .select("type")
    .where("createdAt", "<", new Date(Date.now() - 90 * DAY).toISOString())
    .execute();
  expect(left.length).toBeGreaterThan(0);
  expect(left.every((e) => e.type.startsWith("audit."))).toBe(true);
  expect(await renames()).toEqual([[{ field: "name", from: "Main line", to: "Front desk" }]]);
  // The kept rows do not make the feed reach back: a client at cursor 0 bootstraps again.
  const sync = await s.call("GET", "/v1/sync?after=0", { token });
  expect(sync.status).toBe(410);
  expect(sync.body.error.code).toBe("cursor_expired");
  // A second pruning finds nothing more to do (it does not stop at the kept rows and loop).
  expect(await pruneExpiredEvents(db(), s.app.ctx.config.eventRetentionMs)).toBe(0);
});

it("prunes the trail's rows after the audit retention, through the retention worker", { timeout: 30_000 }, async () => {
  await renameAnInbox();
  await age(8 * 365, sql`type like 'audit.%'`);
  await renameAnInbox("Front desk", "Lobby");
  // The worker runs every 10 minutes and at once when the message-retention setting changes.
  expect((await s.call("PUT", "/v1/audit/retention", { token, json: { mode: "redact", days: 36500 } })).status).toBe(200);
  // The 8-year-old change goes; the one made now stays.
  await waitFor("the old audit rows to go", async () => (await renames()).length === 1);
  expect(await renames()).toEqual([[{ field: "name", from: "Front desk", to: "Lobby" }]]);
});
