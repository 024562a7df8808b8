// Without a global write lock on PostgreSQL (issue 14), an inbound batch that opts a contact out must not
// build its contact.updated event from a copy another transaction is changing: the batch locks its contacts
// (then its conversations, each in id order: server/messages/inbound-batch.repository.ts), waits for that
// transaction, and sends the contact as it is after it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sleep, startServer, tempDbFile, type TestServer } from "../support/server";
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
});
