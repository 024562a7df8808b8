// Sessions remembered by instance B (server/auth/session-cache.ts) are forgotten when instance A changes
// access: A's change NOTIFYs at its commit, B hears it a few milliseconds later. While B's listening
// connection is down it hears nothing, so it remembers nothing either and reads every session afresh.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { sleep, startServer, tempDbFile, waitFor, type TestServer } from "../support/server";
import { createPostgresDatabase, NO_POSTGRES, onPostgres, postgresAvailable } from "../support/test-database";
import { INSTANCE_LOCK_SPACE } from "../../server/cluster/postgres-cluster";
import { demo, textIn, type Demo } from "./support/demo";

const skipReason = postgresAvailable ? "runs in the server-postgres pass" : NO_POSTGRES;
/** "Promptly", from A's answer: a notice travels from A's commit to B in milliseconds; room for a loaded machine. */
const PROMPTLY_MS = 1000;

describe.skipIf(!onPostgres)(`sessions remembered across instances${onPostgres ? "" : ` (skipped: ${skipReason})`}`, () => {
  let a: TestServer; // where the changes are made
  let b: TestServer; // where alice's requests go
  let d: Demo;
  let ids: { admin: string; alice: string };
  let supportConversation: string;
  const setSupportMembers = async (memberIds: string[]) =>
    expect((await a.call("PATCH", `/v1/inboxes/${d.supportLine}`, { token: d.admin, json: { memberIds } })).status).toBe(200);
  const readSupportOnB = async (token: string) => (await b.call("GET", `/v1/conversations/${supportConversation}`, { token })).status;

  /** Waits until `check` holds on B, and says how long it took from `since`. */
  const within = async (what: string, since: number, check: () => Promise<boolean>) => {
    await waitFor(what, check, 5000, 10);
    return Date.now() - since;
  };

  beforeAll(async () => {
    const url = await createPostgresDatabase(tempDbFile());
    a = await startServer({ databaseUrl: url });
    b = await startServer({ databaseUrl: url, seed: "none" });
    d = await demo(a);
    ids = { admin: await d.userId("admin@demo.test"), alice: await d.userId("alice@demo.test") };
    supportConversation = (await textIn(a, d.admin, d.supportLine, "+16465558300", "Support question")).conversationId;
  });
  afterEach(() => setSupportMembers([ids.admin, ids.alice]));
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it("B remembers a session: a membership row deleted behind everyone's back still lets alice in for a moment", async () => {
    const alice = await a.login("alice@demo.test");
    expect(await readSupportOnB(alice)).toBe(200);
    // No announcement: only the cache's time limit ends it (so B did not read the session again).
    await b.app.ctx.database.db.deleteFrom("inboxMember").where("inboxId", "=", d.supportLine).where("userId", "=", ids.alice).execute();
    expect(await readSupportOnB(alice)).toBe(200);
    const removedAt = Date.now();
    expect(await within("alice refused on B", removedAt, async () => (await readSupportOnB(alice)) === 404)).toBeLessThan(2500);
  });

  it("alice removed from an inbox through A is refused on B promptly, and stays refused", async () => {
    const alice = await a.login("alice@demo.test");
    expect(await readSupportOnB(alice)).toBe(200); // remembered by B
    await setSupportMembers([ids.admin]);
    const removedAt = Date.now(); // A answered: the change is committed
    expect(await within("alice refused on B", removedAt, async () => (await readSupportOnB(alice)) === 404)).toBeLessThan(PROMPTLY_MS);
    for (let i = 0; i < 5; i++) expect(await readSupportOnB(alice)).toBe(404);
  });

  it("a session signed out on A is refused on B promptly; alice's other session on B goes on", async () => {
    const alice = await a.login("alice@demo.test");
    const other = await a.login("alice@demo.test");
    expect((await b.call("GET", "/v1/me", { token: alice })).status).toBe(200);
    expect((await b.call("GET", "/v1/me", { token: other })).status).toBe(200);
    expect((await a.call("POST", "/v1/auth/logout", { token: alice })).status).toBe(204);
    const signedOutAt = Date.now();
    const took = await within("the token refused on B", signedOutAt, async () => (await b.call("GET", "/v1/me", { token: alice })).status === 401);
    expect(took).toBeLessThan(PROMPTLY_MS);
    expect((await b.call("GET", "/v1/me", { token: other })).status).toBe(200);
  });

  it("a role changed on A shows on B promptly", async () => {
    const alice = await a.login("alice@demo.test");
    expect((await b.call("GET", "/v1/me", { token: alice })).body.user.role).toBe("agent");
    expect((await a.call("PATCH", `/v1/users/${ids.alice}`, { token: d.admin, json: { role: "admin" } })).status).toBe(200);
    const changedAt = Date.now();
    try {
      expect(
        await within("alice an admin on B", changedAt, async () => (await b.call("GET", "/v1/me", { token: alice })).body.user.role === "admin"),
      ).toBeLessThan(PROMPTLY_MS);
    } finally {
      expect((await a.call("PATCH", `/v1/users/${ids.alice}`, { token: d.admin, json: { role: "agent" } })).status).toBe(200);
    }
  });

  it("while B's listening connection is down, B reads every session afresh; once back, it forgets what it remembered before", async () => {
    const alice = await a.login("alice@demo.test");
    const untouched = await a.login("alice@demo.test"); // not used while B is down
    expect(await readSupportOnB(alice)).toBe(200); // remembered by B
    expect(await readSupportOnB(untouched)).toBe(200);
    // B's listening connection is the one holding its liveness lock.
    const { instanceId } = b.app.ctx.cluster!;
    const { rows } = await sql<{
      pid: number;
    }>`select pid from pg_locks where locktype = 'advisory' and classid = ${INSTANCE_LOCK_SPACE} and objid = ${instanceId} and granted`.execute(
      a.app.ctx.database.db,
    );
    expect(rows).toHaveLength(1);
    await sql`select pg_terminate_backend(${rows[0].pid})`.execute(a.app.ctx.database.db);
    await waitFor("B no longer listening", () => !b.app.ctx.cluster!.listening, 5000, 5);
    // Changes made while B hears nothing (no notice at all here, as one lost to B): B must not answer from memory.
    const { db } = a.app.ctx.database;
    await db.deleteFrom("inboxMember").where("inboxId", "=", d.supportLine).where("userId", "=", ids.alice).execute();
    expect(await readSupportOnB(alice)).toBe(404); // not answered from memory
    await db.insertInto("inboxMember").values({ inboxId: d.supportLine, userId: ids.alice }).execute();
    expect(await readSupportOnB(alice)).toBe(200); // read afresh, and not remembered
    await db.deleteFrom("inboxMember").where("inboxId", "=", d.supportLine).where("userId", "=", ids.alice).execute();
    expect(b.app.ctx.cluster!.listening).toBe(false); // (still down: the test showed what it means to)
    expect(await readSupportOnB(alice)).toBe(404);
    await waitFor("B listening again", () => b.app.ctx.cluster!.listening, 10_000, 20);
    expect(await readSupportOnB(untouched)).toBe(404); // what B remembered before is forgotten
    await sleep(50);
    await setSupportMembers([ids.admin, ids.alice]);
    expect(await within("alice back on B", Date.now(), async () => (await readSupportOnB(alice)) === 200)).toBeLessThan(PROMPTLY_MS);
  });
});
