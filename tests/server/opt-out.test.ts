import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, waitFor, type TestServer } from "../support/server";
import { demo, eventsOf, textIn, type Demo } from "./support/demo";

let server: TestServer;
let d: Demo;
beforeAll(async () => {
  server = await startServer();
  d = await demo(server);
});
afterAll(() => server.close());

let numbers = 0;
const newNumber = () => `+1929555${String(1000 + ++numbers)}`;
const contactOf = (phone: string) => server.app.ctx.database.db.selectFrom("contact").selectAll().where("phoneNumber", "=", phone).executeTakeFirstOrThrow();
const lastContactEvent = async () => (await eventsOf(server, "contact.updated")).at(-1)!;

describe("opt-out keywords", () => {
  it.each(["STOP", "stop", "  Stop  ", "STOPALL", "UNSUBSCRIBE", "cancel", "END", "Quit", "REVOKE", "optout"])(
    "%j opts the contact out, recording when and which message",
    async (keyword) => {
      const phone = newNumber();
      await textIn(server, d.alice, d.mainLine, phone, "Hi there");
      const message = await textIn(server, d.alice, d.mainLine, phone, keyword);
      expect(await contactOf(phone)).toMatchObject({ optedOutAt: message.createdAt, optOutMessageId: message.id });
      expect(await lastContactEvent()).toMatchObject({ action: "opted_out", data: { phoneNumber: phone, optOutMessageId: message.id } });
    },
  );

  it.each(["stop please", "Please STOP", "STOP!", "I want to end this call"])("%j is an ordinary message, not an opt-out", async (body) => {
    const phone = newNumber();
    await textIn(server, d.alice, d.mainLine, phone, body);
    expect((await contactOf(phone)).optedOutAt).toBeNull();
  });

  it.each(["START", "unstop", "Yes"])("%j opts an opted-out contact back in", async (keyword) => {
    const phone = newNumber();
    await textIn(server, d.alice, d.mainLine, phone, "STOP");
    await textIn(server, d.alice, d.mainLine, phone, keyword);
    expect(await contactOf(phone)).toMatchObject({ optedOutAt: null, optOutMessageId: null });
    expect(await lastContactEvent()).toMatchObject({ action: "opted_in", data: { phoneNumber: phone } });
  });

  it("sends are refused with 409 opted_out once the contact texted STOP", async () => {
    const phone = newNumber();
    await textIn(server, d.alice, d.mainLine, phone, "STOP");
    const res = await server.call("POST", "/v1/messages", { token: d.alice, json: { inboxId: d.mainLine, to: phone, body: "Hello?", clientId: "after-stop" } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("opted_out");
  });

  it("answers HELP with the inbox's help text, from the system, even to an opted-out contact", async () => {
    const phone = newNumber();
    await textIn(server, d.alice, d.supportLine, phone, "STOP");
    await textIn(server, d.alice, d.supportLine, phone, " help ");
    const { helpText } = await server.app.ctx.database.db.selectFrom("inbox").select("helpText").where("id", "=", d.supportLine).executeTakeFirstOrThrow();
    const { id: contactId } = await contactOf(phone);
    const reply = await waitFor(
      "the help reply delivered",
      () =>
        server.app.ctx.database.db
          .selectFrom("message")
          .selectAll()
          .where("contactId", "=", contactId)
          .where("direction", "=", "outbound")
          .where("status", "=", "delivered")
          .executeTakeFirst(),
      3000,
    );
    expect(reply).toMatchObject({ body: helpText, authorId: null, inboxId: d.supportLine });
    expect((await contactOf(phone)).optedOutAt).not.toBeNull();
  });
});
