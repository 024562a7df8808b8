// Without a global write lock on PostgreSQL (issue 14), an inbound batch that opts a contact out must not
// build its contact.updated event from a copy another transaction is changing: the batch locks its contacts
// (then its conversations, each in id order: server/messages/inbound-batch.repository.ts), waits for that
// transaction, and sends the contact as it is after it. A carrier's opt-out (a failed send) locks the contact too,
// before the conversation: the same order everywhere, so the two never deadlock.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pinCarrier } from "../../server/carriers/registry";
import type { SendResult } from "../../server/carriers/carrier";
import { sleep, startServer, tempDbFile, waitFor, type TestServer } from "../support/server";
import { createPostgresDatabase, NO_POSTGRES, onPostgres, postgresAvailable } from "../support/test-database";
import { demo, textIn, type Demo } from "./support/demo";
import { eventsAfter, headSeq } from "./support/workspace";

const skipReason = postgresAvailable ? "runs in the server-postgres pass" : NO_POSTGRES;
const FROM = "+14155557300";

describe.skipIf(!onPostgres)(`contact locks on PostgreSQL${onPostgres ? "" : ` (skipped: ${skipReason})`}`, () => {
  let server: TestServer;
  let d: Demo;
  beforeAll(async () => {
    server = await startServer({ databaseUrl: await createPostgresDatabase(tempDbFile()) });
    d = await demo(server);
  });
  afterAll(() => server?.close());

  it("a STOP waits for a transaction changing its contact, and its event carries that change", async () => {
    const { contactId } = await textIn(server, d.admin, d.mainLine, FROM, "Hello");
    const head = await headSeq(server);
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = () => {};
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    // Another writer renames the contact and holds its transaction open.
    const rename = server.app.ctx.database.db.transaction().execute(async (trx) => {
      await trx.updateTable("contact").set({ name: "Dana Elsewhere" }).where("id", "=", contactId).execute();
      locked();
      await released;
    });
    await isLocked;
    let answered = false;
    const stop = textIn(server, d.admin, d.mainLine, FROM, "STOP").then((message) => {
      answered = true;
      return message;
    });
    await sleep(400);
    expect(answered).toBe(false); // waiting for the contact's row
    release();
    await rename;
    const message = await stop;

    const optedOut = (await eventsAfter(server, head)).filter((e) => e.type === "contact.updated" && e.data.id === contactId);
    expect(optedOut).toHaveLength(1);
    expect(optedOut[0].data).toMatchObject({ name: "Dana Elsewhere", optOutMessageId: message.id });
    const row = await server.app.ctx.database.db.selectFrom("contact").selectAll().where("id", "=", contactId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: "Dana Elsewhere", optOutMessageId: message.id });
  });

  /** A transaction that renames the contact and stays open (its row locked) until `release()`. */
  const holdRenamed = async (contactId: string) => {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = () => {};
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const done = server.app.ctx.database.db.transaction().execute(async (trx) => {
      await trx.updateTable("contact").set({ name: "Dana Elsewhere" }).where("id", "=", contactId).execute();
      locked();
      await released;
    });
    await isLocked;
    return { release, done };
  };

  it("a carrier's opt-out waits for the contact before it locks the conversation, and its event carries the change", async () => {
    const { contactId, conversationId } = await textIn(server, d.admin, d.mainLine, "+14155557301", "Hi");
    const head = await headSeq(server);
    let calls = 0;
    const optedOut: SendResult = { ok: false, permanent: true, errorCode: "21610", errorReason: "The recipient opted out", recipientOptedOut: true };
    pinCarrier(server.app.ctx, d.mainLine, {
      async send() {
        calls++;
        return optedOut;
      },
    });
    const rename = await holdRenamed(contactId);
    const reply = await server.call("POST", `/v1/conversations/${conversationId}/messages`, {
      token: d.admin,
      json: { body: "Hello?", clientId: "contact-lock-optout" },
    });
    expect(reply.status).toBe(201);
    await waitFor("the carrier asked", () => calls > 0);
    await sleep(300); // the send's result is being recorded: it waits for the contact's row
    // Meanwhile the conversation is not locked by it (contact first): another writer gets it at once.
    const { db } = server.app.ctx.database;
    const conversation = await db.transaction().execute(async (trx) => {
      await sql`set local lock_timeout = '200ms'`.execute(trx);
      return trx.selectFrom("conversation").select("id").where("id", "=", conversationId).forUpdate().executeTakeFirst();
    });
    expect(conversation?.id).toBe(conversationId);
    rename.release();
    await rename.done;
    const event = await waitFor("contact.updated", async () =>
      (await eventsAfter(server, head)).find((e) => e.type === "contact.updated" && e.data.id === contactId),
    );
    expect(event.data).toMatchObject({ name: "Dana Elsewhere", optedOutAt: expect.any(String) });
  });
});
